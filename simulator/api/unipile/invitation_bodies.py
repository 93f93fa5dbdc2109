"""Bodies of `POST /users/invite/received/{invitation_id}`: accepting or declining.

Unipile takes LinkedIn's variant only; Postpress adds Instagram's, which has no
`shared_secret` (reference part 2 §7.2).
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import Field

from simulator.api.bodies import BodyUnion, RequestBody


class HandleLinkedinInvitation(RequestBody):
    provider: Literal["LINKEDIN"]
    shared_secret: str = Field(min_length=1)
    account_id: str = Field(min_length=1)
    action: Literal["accept", "decline"]


class HandleInstagramInvitation(RequestBody):
    provider: Literal["INSTAGRAM"]
    account_id: str = Field(min_length=1)
    action: Literal["accept", "decline"]


HandleInvitation = HandleLinkedinInvitation | HandleInstagramInvitation

LINKEDIN_ONLY: type[HandleLinkedinInvitation] = HandleLinkedinInvitation
LINKEDIN_OR_INSTAGRAM: BodyUnion[HandleInvitation] = BodyUnion(
    Annotated[
        Union[HandleLinkedinInvitation, HandleInstagramInvitation],  # noqa: UP007
        Field(discriminator="provider"),
    ],
    tags={"HandleLinkedinInvitation", "HandleInstagramInvitation", "LINKEDIN", "INSTAGRAM"},
)
