"""The floors hold: `make lint` fails on an upward import, a circle, or a private name.

Each test copies the project's packages and its ``pyproject.toml`` (so the
contracts are the real ones, unchanged) into a scratch directory, writes one
deliberate violation into the copy, and runs the same commands as ``make lint``
there. The project itself is never touched.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SKIP = shutil.ignore_patterns(
    "__pycache__", "*.pyc", "migrations", "templates", "static", "locale", "*.md"
)


@pytest.fixture
def project(tmp_path):
    """A copy of the project's Python packages and configuration."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    for package in config["tool"]["importlinter"]["root_packages"]:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=SKIP)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def lint_imports(directory: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [BIN / "lint-imports", "--no-logo", "--no-cache"],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def ruff_check(directory: Path, path: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [BIN / "ruff", "check", "--no-cache", "--output-format", "concise", path],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_project_keeps_its_contracts(project):
    result = lint_imports(project)
    assert result.returncode == 0, result.stdout
    assert "0 broken" in result.stdout
    # Every contract of pyproject.toml ran (the floors, no circles, no test code).
    assert result.stdout.count(" KEPT") == 3


@pytest.mark.parametrize(
    ("module", "text", "broken", "line"),
    [
        # The ground floor reaching up to the agenda: a second floor under the first.
        (
            "core/probe_upward.py",
            "from agenda.models import Agenda\n",
            "core is not allowed to import agenda",
            "core.probe_upward -> agenda.models (l.1)",
        ),
        # An import inside a function hides a dependency from a reader, not from the contract.
        (
            "members/probe_hidden.py",
            "def later():\n    from minutes.models import Minutes\n\n    return Minutes\n",
            "members is not allowed to import minutes",
            "members.probe_hidden -> minutes.models (l.2)",
        ),
        # The floors below import nothing of the floors above them, however near.
        (
            "meetings/probe_near.py",
            "from access.services import client_ip\n",
            "meetings is not allowed to import access",
            "meetings.probe_near -> access.services (l.1)",
        ),
    ],
)
def test_an_upward_import_fails(project, module, text, broken, line):
    (project / module).write_text(text)
    result = lint_imports(project)
    assert result.returncode != 0
    assert broken in result.stdout
    assert line in result.stdout


def test_a_circle_inside_an_app_fails(project):
    # The tasks call the services; a service importing the tasks back closes a circle.
    services = project / "core" / "documents" / "services.py"
    services.write_text(
        services.read_text()
        + "\n\ndef probe_circle():\n"
        + "    from core.documents.tasks import render_document\n\n"
        + "    return render_document\n"
    )
    result = lint_imports(project)
    assert result.returncode != 0
    assert "No cycles are allowed in core.documents." in result.stdout
    assert ".services -> .tasks" in result.stdout or ".tasks -> .services" in result.stdout


def test_the_application_importing_test_code_fails(project):
    probe = project / "notices" / "probe_tests.py"
    probe.write_text("from tests.factories import PersonFactory\n")
    result = lint_imports(project)
    assert result.returncode != 0
    assert "notices.probe_tests -> tests.factories" in result.stdout


def test_another_apps_private_name_fails_ruff(project):
    (project / "meetings" / "probe_private.py").write_text(
        "from notices.services import _render\n\n__all__ = ['_render']\n"
    )
    # Within its own app, a private name is the app's business.
    (project / "notices" / "probe_own.py").write_text(
        "from notices.services import _render\n\n__all__ = ['_render']\n"
    )
    foreign = ruff_check(project, "meetings/probe_private.py")
    assert foreign.returncode != 0
    assert "import-private-name" in foreign.stdout  # PLC2701
    assert "`_render` from external module `notices.services`" in foreign.stdout
    own = ruff_check(project, "notices/probe_own.py")
    assert own.returncode == 0, own.stdout
