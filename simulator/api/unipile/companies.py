"""/api/v1/linkedin/company/{identifier}: a company's LinkedIn page (reference part 2 §4.4)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from simulator.api.params import Query
from simulator.api.responses import json_response
from simulator.world.companies import CompanyPage, employee_range
from simulator.world.world import World

# The page permissions the real API lists (OAS `viewer_permissions`): an administrator has the
# ones an admin of a LinkedIn page has; a visitor has none of them.
VIEWER_PERMISSIONS = (
    "canMembersInviteToFollow", "canReadContentSuggestions", "canReadMessages",
    "canUpdateOrganizationProfile", "canCreateOrganicShare", "canReadAdminDashboard",
    "canReadOrganizationActivity", "canEditCurators", "canManageOrganizationalPageFollow",
    "canReadOrganizationFollowerAnalytics", "canInviteMemberToFollow",
    "canReadOrganizationLeadsAnalytics", "canEditPendingAdministrators",
    "canManageMessagingAccess", "canSeeEmployeeExperienceAsMember",
    "canEmployeesInviteToFollow", "canSeeOrganizationAdministrativePage", "canManageAdminRoles",
    "canEditOrganizationDetails", "canApproveContent", "canViewTeamPerformance",
    "canManageOrganizationSettings", "canAccessAdvancedAnalytics", "canModerateComments",
    "canCreateAds", "canManageAdBudgets", "canEditPageTheme", "canPublishNewsletters",
    "canEditCustomTabs", "canManageIntegrations", "canAssignRoles", "canApprovePendingMembers",
    "canEditCareerPageSettings", "canViewBillingInformation",
)  # fmt: skip
_EVERYONE = frozenset({"canMembersInviteToFollow", "canSeeEmployeeExperienceAsMember"})


async def get_company(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, ("account_id",))
    account_id = query.required_text("account_id")
    page = world.companies.page(account_id, request.path_params["identifier"])
    return json_response(200, company_json(page))


def company_json(page: CompanyPage) -> dict[str, Any]:
    low, high = employee_range(page.employees)
    body: dict[str, Any] = {
        "object": "CompanyProfile",
        "id": page.id,
        "name": page.name,
        "description": page.description,
        "entity_urn": f"urn:li:fsd_company:{page.id}",
        "public_identifier": page.public_identifier,
        "profile_url": f"https://www.linkedin.com/company/{page.public_identifier}/",
        "tagline": page.tagline,
        "followers_count": page.followers,
        "is_following": False,
        "is_employee": False,
        "hashtags": [{"title": f"#{tag}"} for tag in page.hashtags],
        "messaging": {"is_enabled": page.messaging_enabled},
        "claimed": True,
        "viewer_permissions": {
            name: page.administered or name in _EVERYONE for name in VIEWER_PERMISSIONS
        },
        "organization_type": page.organization_type,
        "locations": [_location(page.headquarters)] if page.headquarters else [],
        "industry": [page.industry] if page.industry else [],
        "employee_count": page.employees,
        "website": page.website,
        "foundation_date": str(page.founded),
        # Not in the OAS; the official SDK's validator requires it (SDK 1.9.3).
        "default_locale": "en_US",
    }
    if page.employees:
        body["employee_count_range"] = {
            "from": low, "to": high if high is not None else low * 10
        }
    return body


def _location(place: str) -> dict[str, Any]:
    parts = [part.strip() for part in place.split(",")]
    return {
        "is_headquarter": True,
        "country": parts[-1],
        "city": parts[0],
        "street": [],
        **({"area": parts[1]} if len(parts) > 2 else {}),
    }
