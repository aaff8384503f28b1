"""scripts/supervisor_conf.py: the Procfile rendered for supervisord, and supervisord really restarting what exits."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from supervisor.datatypes import RestartUnconditionally
from supervisor.options import ServerOptions

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import supervisor_conf  # noqa: E402

SUPERVISORD = Path(sys.executable).parent / "supervisord"
SUPERVISORCTL = Path(sys.executable).parent / "supervisorctl"


def test_every_procfile_process_becomes_a_restarted_program_of_the_tts_group(tmp_path):
    processes = supervisor_conf.procfile_processes((ROOT / "Procfile").read_text())
    text = supervisor_conf.render(processes, tmp_path)
    options = ServerOptions()  # supervisord's own reading of the file
    options.configfile = str(tmp_path / "supervisord.conf")
    (tmp_path / "supervisord.conf").write_text(text)
    options.process_config(do_usage=False)
    (group,) = options.process_group_configs
    assert group.name == "tts"
    programs = {program.name: program for program in group.process_configs}
    assert set(programs) == set(processes)
    for name, program in programs.items():
        assert program.autorestart is RestartUnconditionally and program.startretries >= 10
        assert program.stopasgroup and program.killasgroup
        assert "/bin/bash -c " in program.command
        assert processes[name] in program.command  # the Procfile's command, % signs intact (celery's -n x@%h)


def test_procfile_lines_that_are_not_name_and_command_are_refused():
    assert supervisor_conf.procfile_processes("# comment\n\nweb: exec true\n") == {"web": "exec true"}
    with pytest.raises(ValueError, match="not a Procfile line"):
        supervisor_conf.procfile_processes("just a command\n")


def _ctl(var_dir: Path, *words: str) -> str:
    command = [str(SUPERVISORCTL), "-c", str(var_dir / "supervisord.conf"), *words]
    return subprocess.run(command, capture_output=True, text=True, timeout=30, check=False).stdout


def _pid(var_dir: Path, name: str) -> int:
    answer = _ctl(var_dir, "pid", f"tts:{name}").strip()
    return int(answer) if answer.isdigit() else 0  # not yet started, or supervisord not answering yet


def test_a_process_that_exits_is_restarted_while_the_others_keep_running_and_a_stop_ends_all(tmp_path):
    procfile = tmp_path / "Procfile"
    procfile.write_text("steady: echo hello; exec sleep 600\ncrashy: sleep 6; exit 3\n")
    supervisor_conf.main(["supervisor_conf.py", str(procfile), str(tmp_path)])
    log = (tmp_path / "out.log").open("a")  # every program reopens it: appending keeps all lines (run.sh does the same)
    supervisord = subprocess.Popen(
        [str(SUPERVISORD), "-c", str(tmp_path / "supervisord.conf")], stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not (_pid(tmp_path, "steady") and _pid(tmp_path, "crashy")):
            time.sleep(0.2)
        steady, first_crashy = _pid(tmp_path, "steady"), _pid(tmp_path, "crashy")
        assert steady and first_crashy, (tmp_path / "out.log").read_text()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and _pid(tmp_path, "crashy") in (0, first_crashy):
            time.sleep(0.2)
        assert _pid(tmp_path, "crashy") not in (0, first_crashy), "the process that exited was not started again"
        assert _pid(tmp_path, "steady") == steady, "the other process was disturbed"
        assert "exited: crashy (exit status 3" in (tmp_path / "supervisord.log").read_text()
    finally:
        os.killpg(supervisord.pid, signal.SIGINT)  # what Ctrl-C (and the e2e harness) does
        supervisord.wait(timeout=20)
        log.close()
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):
        os.kill(steady, 0)  # stopped with the rest, not left behind
    assert "steady | hello" in (tmp_path / "out.log").read_text()  # output prefixed with the process name


@pytest.mark.skipif(not shutil.which("setpriv"), reason="util-linux setpriv (parent-death signal) is Linux-only")
def test_a_killed_supervisord_leaves_no_process_behind(tmp_path):
    procfile = tmp_path / "Procfile"
    procfile.write_text("steady: exec sleep 600\n")
    supervisor_conf.main(["supervisor_conf.py", str(procfile), str(tmp_path)])
    with (tmp_path / "out.log").open("a") as log:
        supervisord = subprocess.Popen(
            [str(SUPERVISORD), "-c", str(tmp_path / "supervisord.conf")], stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not _pid(tmp_path, "steady"):
        time.sleep(0.2)
    steady = _pid(tmp_path, "steady")
    assert steady

    os.killpg(supervisord.pid, signal.SIGKILL)  # what the e2e harness does when a stop takes too long
    supervisord.wait(timeout=10)

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and Path(f"/proc/{steady}").exists():
        time.sleep(0.1)
    assert not Path(f"/proc/{steady}").exists(), "a supervised process outlived supervisord"
