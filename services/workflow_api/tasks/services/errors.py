"""Why an action on a task was refused: domain errors, rendered as problem details by tts_common's handler.

``TaskInputError("...", field="notes")`` is a 400 naming the field; ``TaskForbiddenError`` a 403
(``permission_denied``); ``TaskConflictError`` a 409 (``conflict``): the task is not where the caller thought.
"""

from tts_common.errors import Conflict, DomainError, Forbidden


class TaskActionError(DomainError):
    """Any refused action on a task (the SLA sweep catches this base)."""

    @property
    def message(self) -> str:
        return self.detail


class TaskInputError(TaskActionError):
    status = 400


class TaskForbiddenError(TaskActionError, Forbidden):
    pass


class TaskConflictError(TaskActionError, Conflict):
    pass
