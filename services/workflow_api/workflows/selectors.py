"""Which deployed workflow a ticket belongs to."""

from dataclasses import dataclass

from workflows.models import Workflow, WorkflowVersion


def _key(value) -> str:
    return str(value or "").strip().casefold()


@dataclass(frozen=True)
class DeployedWorkflows:
    """The deployed workflows, loaded once and matched in memory (a batch of tickets shares it)."""

    versions: list[tuple[Workflow, WorkflowVersion]]

    @classmethod
    def load(cls) -> "DeployedWorkflows":
        deployed = (
            Workflow.objects.filter(status=Workflow.Status.DEPLOYED, current_version__isnull=False)
            .select_related("current_version")
            .order_by("id")
        )
        return cls([(workflow, workflow.current_version) for workflow in deployed])

    def match(self, *, department: str, category: str, sub_category: str) -> WorkflowVersion | None:
        """Same department and category; an exact sub-category beats one that is left blank."""
        fallback = None
        for workflow, version in self.versions:
            if _key(workflow.department) != _key(department) or _key(workflow.category) != _key(category):
                continue
            if workflow.sub_category and _key(workflow.sub_category) == _key(sub_category):
                return version
            if not workflow.sub_category and fallback is None:
                fallback = version
        return fallback
