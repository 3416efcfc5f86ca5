"""The apps depend on each other in one direction only, read from the real imports of every module.

core  ←  images  ←  cities  ←  staff
                            ←  articles  ←  public  ←  newsroom (the project: settings, URLs, the admin site)
                            ←  articles  ←  wpimport (the WordPress import; staff too)

A module may import its own app and the apps listed for it below; nothing imports ``newsroom`` but
``newsroom`` itself. Imports inside functions count too.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

ALLOWED = {
    "core": set(),
    "images": {"core"},
    "cities": {"core", "images"},
    "staff": {"core", "images", "cities"},
    "articles": {"core", "images", "cities"},
    "public": {"core", "images", "cities", "articles"},
    "wpimport": {"core", "images", "cities", "staff", "articles"},
    "newsroom": {"core", "images", "cities", "staff", "articles", "public"},
}
PROJECT_PACKAGES = set(ALLOWED)


def imported_packages(path: Path) -> set[str]:
    """The project packages a module imports (absolute and relative imports, at any depth)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package_parts = path.relative_to(ROOT).parent.parts
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package_parts[: len(package_parts) - node.level + 1]
                found.add(base[0] if base else (node.module or "").split(".")[0])
            elif node.module:
                found.add(node.module.split(".")[0])
    return found & PROJECT_PACKAGES


def modules_of(app: str) -> list[Path]:
    return sorted(path for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts)


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_app_imports_only_the_apps_below_it(app):
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) - ALLOWED[app] - {app}) for path in modules_of(app)
    }
    assert {module: apps for module, apps in wrong.items() if apps} == {}


def test_the_reader_recognises_every_kind_of_import(tmp_path, monkeypatch):
    """The check itself: absolute, dotted, relative and function-level imports are all seen."""
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    module = tmp_path / "cities" / "sub" / "example.py"
    module.parent.mkdir(parents=True)
    module.write_text(
        "import articles.models\n"
        "from public import views\n"
        "from ..models import City\n"
        "def late():\n"
        "    from staff.roles import GROUP_NAMES\n"
    )
    assert imported_packages(module) == {"articles", "public", "cities", "staff"}


def test_workflow_is_the_only_writer_of_audit_entries():
    """``AuditEntry`` rows are created by ``articles.workflow`` alone (tests may write them for set-up)."""
    writers = []
    for app in sorted(ALLOWED):
        for path in modules_of(app):
            source = path.read_text()
            if "AuditEntry.objects.create" in source or ".audit.create(" in source:
                writers.append(str(path.relative_to(ROOT)))
    assert writers == ["articles/workflow.py"]
