"""Path convertors: `{account_id:account_id}` is any path segment except `checkpoint`;
`{identifier:member}` any segment except the fixed `/users/...` paths.

`/accounts/checkpoint` is its own route (POST); without this, `GET /accounts/checkpoint` would
read an account called "checkpoint" and the path would advertise GET and DELETE in `Allow`.
"""

from __future__ import annotations

from starlette.convertors import Convertor, register_url_convertor


class AccountIdConvertor(Convertor[str]):
    regex = "(?!checkpoint$)[^/]+"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("account_id", AccountIdConvertor())


class MemberIdentifierConvertor(Convertor[str]):
    """`{identifier:member}`: a LinkedIn member in `/users/{identifier}`, never one of the fixed
    `/users/...` paths (`GET /users/invite` is a 405, not the profile of someone called "invite")."""

    regex = "(?!(?:me|relations|invite|cancel-invite)$)[^/]+"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("member", MemberIdentifierConvertor())
