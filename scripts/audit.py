"""The supply-chain audit: ``pip-audit --strict`` on requirements.lock against the first vulnerability database
that answers, PyPI's JSON API or else OSV (``--osv-url``: the public API or a mirror).

Any finding fails (exit status of pip-audit). Where no database answers, or none within ``--timeout`` seconds,
a banner on stderr says the audit was SKIPPED and the exit status is 0: the lock was not checked, which is not
the same as clean. Accepted advisories are passed on as ``--ignore-vuln ID`` (see the Makefile's AUDIT_IGNORE).
"""

import argparse
import importlib.metadata
import subprocess
import sys
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PIP_AUDIT = Path(sys.executable).with_name("pip-audit")


def answers(method: str, url: str, **kwargs) -> dict | None:
    try:
        response = requests.request(method, url, timeout=10, **kwargs)
        data = response.json() if response.status_code == 200 else None
    except (requests.RequestException, ValueError):
        data = None
    return data if isinstance(data, dict) else None


def reachable_service(pypi_url: str, osv_url: str) -> str | None:
    """The vulnerability service that answers for a known release: "pypi", "osv", or none."""
    version = importlib.metadata.version("pip-audit")
    if "vulnerabilities" in (answers("GET", f"{pypi_url}/pip-audit/{version}/json") or {}):
        return "pypi"
    query = {"package": {"name": "pip-audit", "ecosystem": "PyPI"}, "version": version}
    if answers("POST", osv_url, json=query) is not None:
        return "osv"
    return None


def skipped(reason: str) -> int:
    bar = "#" * 72
    print(
        f"\n{bar}\n##  pip-audit SKIPPED: no vulnerability database reachable\n##  ({reason})\n"
        f"##  The lock was NOT checked for known vulnerabilities. Run make audit where one is.\n{bar}\n",
        file=sys.stderr,
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--osv-url", default="https://api.osv.dev/v1/query")
    parser.add_argument("--pypi-url", default="https://pypi.org/pypi", help="probed only; pip-audit asks PyPI")
    parser.add_argument("--timeout", type=int, default=120)
    parser.add_argument("--ignore-vuln", action="append", default=[], metavar="ID")
    options = parser.parse_args()

    service = reachable_service(options.pypi_url, options.osv_url)
    if service is None:
        return skipped(f"neither {options.pypi_url}/<name>/<version>/json nor {options.osv_url} answered")
    print(f"pip-audit --strict on requirements.lock against {service}")
    command = [
        str(PIP_AUDIT), "--strict", "--progress-spinner", "off", "--disable-pip",
        "-r", str(ROOT / "requirements.lock"), "--vulnerability-service", service, "--osv-url", options.osv_url,
        *(argument for vuln in options.ignore_vuln for argument in ("--ignore-vuln", vuln)),
    ]  # fmt: skip
    try:
        return subprocess.run(command, timeout=options.timeout).returncode  # noqa: S603 (our own fixed command)
    except subprocess.TimeoutExpired:
        return skipped(f"{service} did not finish within {options.timeout} s")


if __name__ == "__main__":
    sys.exit(main())
