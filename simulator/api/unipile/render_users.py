"""JSON shapes of the users routes (reference §4): profiles, relations, invitations.

Each shape is built here and only here. Optional keys the real API types as plain strings
(never null) are left out when the simulated person has no value for them.
"""

from __future__ import annotations

import zlib
from typing import Any

from simulator.clock import iso_ms
from simulator.world.accounts import Account
from simulator.world.contacts import Contact, is_private
from simulator.world.endorsements import base_count, endorsement_id
from simulator.world.invitations import SENT, Invitation, SentInvitation
from simulator.world.people import DISTANCE_NAMES, FIRST, Person
from simulator.world.profile_edits import OwnProfile
from simulator.world.relations import ProfileView, Relation

SECTIONS = (
    "experience",
    "education",
    "languages",
    "skills",
    "certifications",
    "about",
    "volunteering_experience",
    "projects",
    "recommendations_received",
    "recommendations_given",
)
_DAY_MS = 86_400_000


def _digits(text: str, length: int = 9) -> str:
    """A stable number for ids the simulator does not keep (seat ids, member numbers)."""
    return str(zlib.crc32(text.encode()) % 10**length).rjust(length, "1")


def owner_profile_json(account: Account, edits: OwnProfile | None = None) -> dict[str, Any]:
    first_name, _, last_name = account.name.partition(" ")
    features = account.premium_features
    seat = {
        "owner_seat_id": _digits(f"seat/{account.id}"),
        "contract_id": account.premium_contract_id or _digits(f"contract/{account.id}"),
    }
    body: dict[str, Any] = {
        "object": "AccountOwnerProfile",
        "provider": "LINKEDIN",
        "provider_id": account.provider_user_id,
        "entity_urn": f"urn:li:fsd_profile:{account.provider_user_id}",
        "object_urn": f"urn:li:member:{_digits(f'member/{account.provider_user_id}')}",
        "first_name": first_name,
        "last_name": last_name,
        "profile_picture_url": None,
        "email": account.email or f"{account.public_identifier}@example.com",
        "premium": bool(features),
        "open_profile": False,
        "organizations": [
            {
                "id": org.organization_urn.rpartition(":")[2],
                "mailbox_id": org.mailbox_urn.rpartition(":")[2],
                "name": org.name,
            }
            for org in account.organizations
        ],
        "recruiter": seat if "recruiter" in features else None,
        "sales_navigator": seat if "sales_navigator" in features else None,
    }
    if account.public_identifier:
        body["public_identifier"] = account.public_identifier
        body["public_profile_url"] = f"https://www.linkedin.com/in/{account.public_identifier}/"
    if edits is not None:  # what PATCH /users/me/edit changed
        if edits.headline is not None:
            body["headline"] = edits.headline
            body["occupation"] = edits.headline
        if edits.location is not None:
            body["location"] = edits.location
        if edits.picture:
            body["profile_picture_url"] = (
                f"https://media.licdn.com/dms/image/{account.provider_user_id}/"
                "profile-displayphoto-shrink_800_800/0/"
            )
    return body


def user_profile_json(view: ProfileView, sections: frozenset[str]) -> dict[str, Any]:
    person = view.person
    body: dict[str, Any] = {
        "object": "UserProfile",
        "provider": "LINKEDIN",
        "provider_id": person.provider_id,
        "public_identifier": person.public_identifier,
        "member_urn": person.member_urn,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "headline": person.headline,
        "location": person.location.name,
        "websites": [],
        "is_open_profile": person.is_open_profile,
        "is_premium": person.is_premium,
        "is_influencer": False,
        "is_creator": False,
        "is_hiring": person.is_hiring,
        "is_open_to_work": person.is_open_to_work,
        "is_relationship": view.distance == FIRST,
        "is_self": False,
        "follower_count": person.follower_count,
        "connections_count": person.connections_count,
        "shared_connections_count": view.shared_connections,
        "network_distance": DISTANCE_NAMES[view.distance],
        "public_profile_url": person.profile_url,
    }
    if person.picture_url:
        body["profile_picture_url"] = person.picture_url
        body["profile_picture_url_large"] = person.picture_url.replace(
            "shrink_400_400", "shrink_800_800"
        )
    if view.invitation is not None:
        body["invitation"] = view.invitation
    if "about" in sections:
        body["summary"] = person.summary
    if "experience" in sections:
        body["work_experience"] = [
            {
                "position": position.title,
                "company_id": position.company.id,
                "company": position.company.name,
                "location": position.location,
                "description": position.description,
                "skills": [],
                "current": position.end is None,
                "start": position.start,
                "end": position.end,
            }
            for position in person.experience
        ]
    if "education" in sections:
        body["education"] = [
            {
                "degree": schooling.degree,
                "school": schooling.school.name,
                "school_id": schooling.school.id,
                "field_of_study": schooling.field_of_study,
                "start": schooling.start,
                "end": schooling.end,
            }
            for schooling in person.education
        ]
    if "skills" in sections:
        body["skills"] = [
            {
                "name": skill,
                "endorsement_count": base_count(person, skill) + (skill in view.endorsed),
                "endorsement_id": endorsement_id(person, skill),
                "insights": [],
                "endorsed": skill in view.endorsed,
            }
            for skill in person.skills
        ]
    if "languages" in sections:
        body["languages"] = [
            {
                "name": language,
                "proficiency": "NATIVE_OR_BILINGUAL" if i == 0 else "PROFESSIONAL_WORKING",
            }
            for i, language in enumerate(person.languages)
        ]
    for empty in ("certifications", "volunteering_experience", "projects"):
        if empty in sections:
            body[empty] = []
    if {"recommendations_received", "recommendations_given"} & sections:
        body["recommendations"] = {"received": [], "given": []}
    return body


def relation_json(relation: Relation) -> dict[str, Any]:
    person = relation.person
    body: dict[str, Any] = {
        "object": "UserRelation",
        "first_name": person.first_name,
        "last_name": person.last_name,
        "headline": person.headline,
        "public_identifier": person.public_identifier,
        "public_profile_url": person.profile_url,
        "created_at": relation.created_at_ms,
        "member_id": person.provider_id,
        "member_urn": f"urn:li:fsd_profile:{person.provider_id}",
        "connection_urn": f"urn:li:fsd_connection:{relation.connection_id}",
    }
    if person.picture_url:
        body["profile_picture_url"] = person.picture_url
    return body


def instagram_relation_json(contact: Contact, since_ms: int) -> dict[str, Any]:
    """Someone an Instagram account follows, in the `UserRelation` shape the route documents:
    the user id as `member_id`, the messaging id in `member_urn`."""
    person = contact.person
    first, last = (person.first_name, person.last_name) if person else (contact.name, "")
    user_id = contact.public_id or contact.provider_id
    return {
        "object": "UserRelation",
        "first_name": first,
        "last_name": last,
        "headline": "",
        "public_identifier": contact.username or user_id,
        "public_profile_url": f"https://www.instagram.com/{contact.username}/",
        "created_at": since_ms,
        "member_id": user_id,
        "member_urn": contact.provider_id,
        "connection_urn": f"instagram:follow:{user_id}",
    }


def follower_json(follower: Person | Contact) -> dict[str, Any]:
    """A `UserFollower`: a LinkedIn member, or an Instagram user (reference part 2 §4.4)."""
    if isinstance(follower, Contact):
        return {
            "object": "UserFollower",
            "id": follower.public_id or follower.provider_id,
            "messaging_id": follower.provider_id,
            "username": follower.username or "",
            "name": follower.name,
            "profile_picture_url": None,
            "is_private": is_private(follower),
            "is_verified": False,
        }
    return {
        "object": "UserFollower",
        "id": follower.provider_id,
        "urn": f"urn:li:member:{follower.member_urn}",
        "name": follower.full_name,
        "headline": follower.headline,
        "profile_url": follower.profile_url,
        "profile_picture_url": follower.picture_url,
        "profile_picture_url_large": follower.picture_url,
    }


def invitation_json(invitation: Invitation, account: Account, now_ms: int) -> dict[str, Any]:
    """`InvitationSent` / `InvitationReceived`: `invited_user` is whoever was invited."""
    person = invitation.person
    verb = "Sent" if invitation.direction == SENT else "Received"
    body: dict[str, Any] = {
        "object": "InvitationSent" if invitation.direction == SENT else "InvitationReceived",
        "id": invitation.id,
        "date": f"{verb} {_ago(now_ms - invitation.created_at_ms)}",
        "parsed_datetime": iso_ms(invitation.created_at_ms),
        "invitation_text": invitation.note,
    }
    if invitation.direction == SENT:
        body |= {
            "invited_user": person.full_name,
            "invited_user_id": person.provider_id,
            "invited_user_public_id": person.public_identifier,
            "invited_user_description": person.headline,
        }
        if person.picture_url:
            body["invited_user_profile_picture_url"] = person.picture_url
        return body
    return body | {
        "invited_user": account.name,
        "invited_user_id": account.provider_user_id,
        "invited_user_public_id": account.public_identifier,
        "invited_user_description": None,
        "inviter": {
            "inviter_name": person.full_name,
            "inviter_id": person.provider_id,
            "inviter_public_identifier": person.public_identifier,
            "inviter_description": person.headline,
        },
        "specifics": {"provider": "LINKEDIN", "shared_secret": invitation.shared_secret},
    }


def invitation_sent_json(sent: SentInvitation) -> dict[str, Any]:
    body: dict[str, Any] = {"object": "UserInvitationSent", "invitation_id": sent.invitation.id}
    if sent.usage is not None:
        body["usage"] = sent.usage
    return body


def _ago(elapsed_ms: int) -> str:
    """LinkedIn's wording: "today", "yesterday", "3 days ago", "2 weeks ago", "4 months ago"."""
    days = max(elapsed_ms, 0) // _DAY_MS
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    for size, unit in ((365, "year"), (30, "month"), (7, "week")):
        if days >= size:
            count = days // size
            return f"{count} {unit}{'s' if count > 1 else ''} ago"
    return f"{days} days ago"
