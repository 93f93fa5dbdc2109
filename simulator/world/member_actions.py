"""Sales Navigator and Recruiter actions on a member (reference part 2 §4.4): saving a lead to a
list, adding a candidate to a hiring project's pipeline. Each needs its seat (403
`feature_not_subscribed`, as paid search does) and a member of the network. Lead lists are kept
here, per account; a candidate goes into a real hiring project of the account
(hiring_projects.py: 404 "Hiring project not found" for any other id), where reading the
project shows them at their stage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.world.errors import ApiError

if TYPE_CHECKING:
    from simulator.world.accounts import Account
    from simulator.world.world import World

DEFAULT_LEAD_LIST = "default"
STAGES = ("UNCONTACTED", "CONTACTED", "REPLIED")


class MemberActions:
    def __init__(self, world: World) -> None:
        self._world = world
        self.lead_lists: dict[tuple[str, str], dict[str, int]] = {}  # (account, list) -> member

    def save_lead(self, account_id: str, member: str, list_id: str | None) -> bool:
        account = self._seated(account_id, "sales_navigator")
        person = self._world.network.person(member)
        leads = self.lead_lists.setdefault((account.id, list_id or DEFAULT_LEAD_LIST), {})
        leads.setdefault(person.provider_id, self._world.now_ms())
        return True

    def add_to_pipeline(self, account_id: str, member: str, project_id: str, stage: str) -> bool:
        account = self._seated(account_id, "recruiter")
        person = self._world.network.person(member)
        self._world.jobs.projects.add_candidate(account.id, project_id, person, stage)
        return True

    def _seated(self, account_id: str, seat: str) -> Account:
        account = self._world.network.owner(account_id)
        self._world.accounts.require_usable(account.id)
        if seat not in account.premium_features:
            raise ApiError("feature_not_subscribed", f"api: this account has no {seat} seat")
        return account
