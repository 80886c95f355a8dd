"""Helpers for the tests that start real processes (worker, `make up`)."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from django.conf import settings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(settings_dict: dict, name: str) -> str:
    """A DATABASE_URL for database ``name`` on the server ``settings_dict`` points at."""
    credentials = quote(settings_dict["USER"] or "", safe="")
    if settings_dict["PASSWORD"]:
        credentials += ":" + quote(settings_dict["PASSWORD"], safe="")
    port = f":{settings_dict['PORT']}" if settings_dict["PORT"] else ""
    return f"postgres://{credentials}@{settings_dict['HOST']}{port}/{quote(name, safe='')}"


def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: the fields start after the last ")".
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def descendants(pid: int) -> list[int]:
    """Every process started (directly or not) by ``pid``, from /proc."""
    children = _children()
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def stop_process_tree(process: subprocess.Popen, timeout: float = 20) -> int:
    """SIGTERM the group ``process`` leads (started with start_new_session=True) and wait.

    Whatever it started that is still alive after ``timeout`` (some, like
    honcho's children, live in process groups of their own) is killed.
    Returns the exit code of ``process``.
    """
    started = descendants(process.pid)
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    for pid in started:
        if _alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    return process.returncode


class Worker:
    """A real Celery worker in its own process group, logging to a file.

    ``entry`` is what ``python`` runs (Celery's own command by default, or a
    module of the tests that sets things up first, then starts the worker);
    ``pool`` the pool options (solo by default; prefork enforces time limits).
    """

    def __init__(
        self,
        env: dict,
        log_path,
        entry: tuple[str, ...] = ("-m", "celery", "-A", "gmg", "worker"),
        pool: tuple[str, ...] = ("--pool", "solo"),
    ):
        self.log_path = log_path
        self._log = open(log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                *entry,
                *pool,
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--hostname",
                f"pytest-{os.getpid()}@%h",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> int:
        """Warm shutdown (the task in hand finishes), then kill if it hangs."""
        if self._log.closed:
            return self.process.returncode
        returncode = stop_process_tree(self.process)
        self._log.close()
        return returncode
