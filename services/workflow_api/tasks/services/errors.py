"""Why an action on a task was refused; the API maps each to its status code."""


class TaskActionError(Exception):
    status_code = 400

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class TaskInputError(TaskActionError):
    status_code = 400


class TaskForbiddenError(TaskActionError):
    status_code = 403


class TaskConflictError(TaskActionError):
    status_code = 409
