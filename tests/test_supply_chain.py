"""The supply chain: what is installed meets the minimum-safe table, and requirements.lock is a hashed lock of
exactly what pyproject.toml pins (the audit against vulnerability databases is ``make audit``)."""

import http.server
import json
import re
import subprocess
import sys
import threading
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "minimum-safe-versions.txt"
LOCK = ROOT / "requirements.lock"
PYPROJECT = ROOT / "pyproject.toml"

HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")


def minimum_safe_versions() -> dict[str, tuple[str, Version, str]]:
    """The table: canonical name -> (name as written, minimum version, advisory or reason)."""
    table = {}
    for number, line in enumerate(TABLE.read_text().splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split(None, 2)
        assert len(fields) == 3, f"{TABLE.name}:{number}: expected 'package minimum reason', got {line!r}"
        name, minimum, reason = fields
        assert canonicalize_name(name) not in table, f"{TABLE.name}:{number}: {name} is listed twice"
        table[canonicalize_name(name)] = (name, Version(minimum), reason)
    return table


def lock_entries() -> list[tuple[int, str, list[str]]]:
    """Each requirement of the lock: the line it starts on, the requirement, and its options (the hashes)."""
    entries, parts, start = [], [], 0
    for number, line in enumerate(LOCK.read_text().splitlines(), start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        start = start if parts else number
        parts.append(text.removesuffix("\\").strip())
        if not text.endswith("\\"):
            entries.append((start, parts[0], parts[1:]))
            parts = []
    assert not parts, "requirements.lock ends in a continuation line"
    return entries


def exact_pin(text: str) -> tuple[str, Version] | None:
    """(canonical name, version) of a requirement pinned with ==, else None."""
    try:
        requirement = Requirement(text)
    except InvalidRequirement:
        return None
    specifiers = list(requirement.specifier)
    if requirement.url or len(specifiers) != 1 or specifiers[0].operator != "==" or "*" in specifiers[0].version:
        return None
    return canonicalize_name(requirement.name), Version(specifiers[0].version)


def locked_versions() -> dict[str, Version]:
    pins = {}
    for number, requirement, _ in lock_entries():
        pin = exact_pin(requirement)
        assert pin, f"requirements.lock line {number}: not an exact pin: {requirement!r}"
        pins[pin[0]] = pin[1]
    return pins


def test_installed_versions_meet_the_minimum_safe_table():
    below = []
    for name, minimum, reason in minimum_safe_versions().values():
        try:
            installed = Version(metadata.version(name))
        except metadata.PackageNotFoundError:
            below.append(f"{name} is not installed, and must be at least {minimum} ({reason}); run make install")
            continue
        if installed < minimum:
            below.append(f"{name} {installed} is installed, below the minimum safe {minimum} ({reason})")
    assert not below, "\n".join(below)


def test_the_lock_holds_every_package_of_the_table_at_its_minimum_or_above():
    locked = locked_versions()
    wrong = []
    for key, (name, minimum, _) in minimum_safe_versions().items():
        if key not in locked:
            wrong.append(f"{name} is in {TABLE.name} but not in requirements.lock")
        elif locked[key] < minimum:
            wrong.append(f"requirements.lock pins {name} {locked[key]}, below the minimum safe {minimum}")
    assert not wrong, "\n".join(wrong)


def test_every_requirement_of_the_lock_is_pinned_and_hashed():
    entries = lock_entries()
    assert len(entries) > 20, "requirements.lock looks empty"
    wrong = []
    for number, requirement, options in entries:
        if not exact_pin(requirement):
            wrong.append(f"line {number}: not an exact pin: {requirement!r}")
        elif not options or not all(HASH.fullmatch(option) for option in options):
            wrong.append(f"line {number}: {requirement} lacks --hash=sha256: (64 hex digits) or has other options")
    assert not wrong, "requirements.lock is not a hashed lock:\n" + "\n".join(wrong)


def test_the_lock_pins_what_pyproject_pins():
    project = tomllib.loads(PYPROJECT.read_text())["project"]
    declared = project["dependencies"] + [
        requirement for extra in project.get("optional-dependencies", {}).values() for requirement in extra
    ]
    locked = locked_versions()
    wrong = []
    for text in declared:
        pin = exact_pin(text)
        if not pin:
            wrong.append(f"pyproject.toml: {text!r} is not an exact pin")
        elif pin[0] not in locked:
            wrong.append(f"{text}: in pyproject.toml but not in requirements.lock")
        elif locked[pin[0]] != pin[1]:
            wrong.append(f"{text}: pyproject.toml pins {pin[1]}, requirements.lock {locked[pin[0]]}")
    assert not wrong, "\n".join(wrong) + "\nRegenerate the lock with the command in its header."


# --- the audit: fails on a finding, says SKIPPED loudly where no database answers --------------------------------


class _FakeOSV(http.server.BaseHTTPRequestHandler):
    """An OSV service that knows one advisory for every package and version it is asked about."""

    def do_POST(self):  # noqa: N802 (the handler's name is http.server's)
        query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        body = {"vulns": [{"id": "GHSA-test-0000-0000", "summary": "test", "affected": [], "aliases": []}]}
        if query["package"]["name"] == "pip-audit":
            body = {}
        payload = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


def run_audit(*arguments) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (the project's own script)
        [sys.executable, str(ROOT / "scripts" / "audit.py"), "--pypi-url", "http://127.0.0.1:9/pypi", *arguments],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_audit_says_loudly_that_it_was_skipped_when_no_database_answers():
    result = run_audit("--osv-url", "http://127.0.0.1:9/v1/query")
    assert result.returncode == 0
    assert "pip-audit SKIPPED: no vulnerability database reachable" in result.stderr


def test_the_audit_fails_on_a_finding():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FakeOSV)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        result = run_audit("--osv-url", f"http://127.0.0.1:{server.server_port}/v1/query", "--timeout", "240")
    finally:
        server.shutdown()
    assert result.returncode != 0, result.stdout + result.stderr
    assert "GHSA-test-0000-0000" in result.stdout + result.stderr
