"""The runner's one error tree: every message is meant for the user as is."""


class RunnerError(Exception):
    """A problem the local CI runner reports instead of a traceback."""


class ExpressionError(RunnerError):
    """A `${{ }}` expression the runner cannot evaluate."""


class TriggerError(RunnerError):
    """The workflow does not run on the requested event or ref."""


class ActionError(RunnerError):
    """A `uses:` step the runner cannot emulate, or whose check failed."""


class ServiceError(RunnerError):
    """A job service the runner cannot provide locally."""


class WorkflowError(RunnerError):
    """A workflow file the runner cannot read or plan."""
