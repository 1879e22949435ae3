"""What every test shares: the base answers, rendering, commands, git, make, a clean environment.

The local CI runner (tests/matrix) renders and cleans its environment with these too. Test
modules import from here, never from one another.
"""

from .commands import (
    IDENTITY,
    attempt,
    clean_environ,
    git,
    install_hint,
    make,
    pins,
    run,
    tool,
)
from .projects import (
    BASE_ANSWERS,
    BUILD_OUTPUTS,
    OLD_VERSION_EXTENSION,
    ROOT,
    TEMPLATE_PATHS,
    ProjectFactory,
    answers_key,
    clone_with_working_tree,
    copy_project,
    data_args,
    render,
    stock_copier,
    tracked,
    workflow_project,
)
from .serving import (
    assert_writes_survive_a_restart,
    concurrent_writers,
    eventually,
    free_port,
    make_run,
    request,
    stored_item_ids,
)
from .stores import SERVICE_IMAGES, database_env, migrated_store

__all__ = [
    "BASE_ANSWERS",
    "BUILD_OUTPUTS",
    "IDENTITY",
    "OLD_VERSION_EXTENSION",
    "ROOT",
    "SERVICE_IMAGES",
    "TEMPLATE_PATHS",
    "ProjectFactory",
    "answers_key",
    "assert_writes_survive_a_restart",
    "attempt",
    "clean_environ",
    "clone_with_working_tree",
    "concurrent_writers",
    "copy_project",
    "data_args",
    "database_env",
    "eventually",
    "free_port",
    "git",
    "install_hint",
    "make",
    "make_run",
    "migrated_store",
    "pins",
    "render",
    "request",
    "run",
    "stock_copier",
    "stored_item_ids",
    "tool",
    "tracked",
    "workflow_project",
]
