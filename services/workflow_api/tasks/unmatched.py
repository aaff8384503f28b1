"""Why an unmatched ticket matched nothing, said against the workflows as they are now.

Intake matches a ticket on its department and category, and on its sub-category unless the workflow leaves it blank
(:class:`workflows.selectors.DeployedWorkflows`). An administrator looking at an unmatched ticket wants to know which
of those failed, and whether a workflow that would take it exists but is not deployed (a draft, paused, or deployed
after the ticket arrived). One query reads every workflow's matching fields for a whole page of tickets.
"""

from dataclasses import dataclass

from workflows.models import Workflow


def _key(value) -> str:
    return str(value or "").strip().casefold()


@dataclass(frozen=True)
class _Candidate:
    name: str
    department: str
    category: str
    sub_category: str
    status: str


class UnmatchedExplainer:
    """Explains tickets against the workflows read once at construction."""

    def __init__(self) -> None:
        self._workflows = [
            _Candidate(*row)
            for row in Workflow.objects.order_by("name").values_list("name", "department", "category", "sub_category", "status")
        ]

    def reason(self, ticket: dict) -> str:
        """One sentence: which of department, category and sub-category found no workflow, or which workflow would
        take the ticket and why it did not."""
        ticket = ticket if isinstance(ticket, dict) else {}
        department, category = str(ticket.get("department") or "").strip(), str(ticket.get("category") or "").strip()
        sub_category = str(ticket.get("sub_category") or ticket.get("subcategory") or "").strip()
        if not category:
            return "The ticket has no category, and every workflow matches on one."
        if not department:
            return "The ticket has no department, and every workflow matches on one."
        same_category = [w for w in self._workflows if _key(w.category) == _key(category)]
        if not same_category:
            return f"No workflow handles the category {category!r}."
        here = [w for w in same_category if _key(w.department) == _key(department)]
        if not here:
            departments = ", ".join(sorted({w.department for w in same_category}, key=str.casefold))
            return f"No workflow handles {category!r} for the department {department!r} (only for {departments})."
        fitting = [w for w in here if not w.sub_category or _key(w.sub_category) == _key(sub_category)]
        if not fitting:
            covered = ", ".join(sorted({w.sub_category for w in here}, key=str.casefold))
            wanted = f"the sub-category {sub_category!r}" if sub_category else "a ticket without a sub-category"
            return f"No workflow of {category!r} in {department!r} takes {wanted} (they cover {covered})."
        deployed = next((w for w in fitting if w.status == Workflow.Status.DEPLOYED), None)
        if deployed is not None:
            return f"The workflow {deployed.name!r} takes it now; it was not deployed when the ticket arrived."
        states = ", ".join(f"{w.name!r} ({w.status})" for w in fitting)
        return f"No deployed workflow takes it: {states} would, once deployed."
