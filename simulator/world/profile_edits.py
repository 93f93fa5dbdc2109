"""Editing the account's own LinkedIn profile (`PATCH /users/me/edit`, reference part 2 §4.4):
what changed is kept per account and shown by `GET /users/me` (headline, location, picture)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from simulator.world.errors import invalid_parameter

if TYPE_CHECKING:
    from simulator.world.world import World


@dataclass
class OwnProfile:
    headline: str | None = None
    summary: str | None = None
    location: str | None = None  # the location's name
    picture: bool = False
    cover_picture: bool = False
    skills: list[str] = field(default_factory=list)
    experience: list[dict[str, object]] = field(default_factory=list)
    education: list[dict[str, object]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ProfileEdit:
    headline: str | None = None
    summary: str | None = None
    location_id: str | None = None
    picture: bool = False
    cover_picture: bool = False
    skills: tuple[str, ...] = ()
    experience: dict[str, object] | None = None
    education: dict[str, object] | None = None


class ProfileEdits:
    def __init__(self, world: World) -> None:
        self._world = world
        self._profiles: dict[str, OwnProfile] = {}

    def of(self, account_id: str) -> OwnProfile:
        return self._profiles.get(account_id) or OwnProfile()

    def edit(self, account_id: str, edit: ProfileEdit) -> OwnProfile:
        """Checked whole, then applied: a location must be one LinkedIn knows (the search
        parameters' LOCATION ids)."""
        account = self._world.network.owner(account_id)
        self._world.accounts.require_usable(account.id)
        location = None
        if edit.location_id is not None:
            known = {f.id: f.name for f in self._world.blueprint.people.locations}
            if edit.location_id not in known:
                raise invalid_parameter(
                    "location.id", f"{edit.location_id!r} is no LinkedIn location id"
                )
            location = known[edit.location_id]
        profile = self._profiles.setdefault(account.id, OwnProfile())
        if edit.headline is not None:
            profile.headline = edit.headline
        if edit.summary is not None:
            profile.summary = edit.summary
        if location is not None:
            profile.location = location
        profile.picture = profile.picture or edit.picture
        profile.cover_picture = profile.cover_picture or edit.cover_picture
        for skill in edit.skills:
            if skill not in profile.skills:
                profile.skills.append(skill)
        if edit.experience is not None:
            profile.experience.insert(0, edit.experience)
        if edit.education is not None:
            profile.education.insert(0, edit.education)
        return profile
