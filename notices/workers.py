"""Which process claimed a notice, and whether that process still runs.

A claim is ``host:pid:start``, where ``start`` is the process's start time
(from /proc, so a new process that happens to get the same pid is not taken
for the old one). The sweep can only judge claims made on its own host; a
claim from another host waits for the general time-out.
"""

import os
import socket
from functools import cache
from pathlib import Path


def _start_time(pid: int) -> str | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    if fields[0] == "Z":  # a zombie has finished: it sends nothing any more
        return None
    return fields[19]  # field 22 of stat, counted after the command name


@cache
def _host() -> str:
    return socket.gethostname()[:100]


def current_worker() -> str:
    pid = os.getpid()
    return f"{_host()}:{pid}:{_start_time(pid) or ''}"


def worker_is_gone(claimed_by: str) -> bool:
    """True only when the claiming process is known to have ended."""
    try:
        host, pid, start = claimed_by.rsplit(":", 2)
        pid = int(pid)
    except ValueError:
        return False
    if host != _host() or not start or not Path("/proc").is_dir():
        return False
    return _start_time(pid) != start
