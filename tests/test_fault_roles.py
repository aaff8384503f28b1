"""The fault run (bench/faults.py) finds the processes it kills by command line: the Procfile's, as supervisord runs them."""

from bench.fault_actions import WORKFLOW_WORKER
from tests.test_docker_files import procfile_exec, procfile_folder, procfile_processes


def test_the_workflow_worker_role_is_the_intake_worker_alone_not_the_webhooks_worker():
    matched = [
        name
        for name, command in procfile_processes().items()
        if procfile_folder(command) == f"services/{WORKFLOW_WORKER.service}" and WORKFLOW_WORKER.matches(tuple(procfile_exec(command)[1]))
    ]
    assert matched == ["workflow-worker"]
