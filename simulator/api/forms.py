"""Reading a multipart or urlencoded form within the limits: the hosted-auth pages read theirs
without the JSON bodies' models (api/bodies.py), so serving starts without pydantic."""

from __future__ import annotations

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request

from simulator.world.errors import ApiError

# Multipart limits: more than any client sends (the SDK sends a few fields and files).
MAX_FORM_FILES = 100
MAX_FORM_FIELDS = 1000


async def read_form(request: Request) -> FormData:
    """A multipart or urlencoded form, within the limits; a malformed one is a 400."""
    try:
        return await request.form(max_files=MAX_FORM_FILES, max_fields=MAX_FORM_FIELDS)
    except HTTPException as error:  # Starlette's own 400 for a malformed multipart body
        raise ApiError("malformed_request", f"body: {error.detail}") from None
