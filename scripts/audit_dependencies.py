"""Audit the installed Python packages (pip-audit) and the web assets' npm packages (npm audit) for known
vulnerabilities; `make audit` runs it and `make test` runs `make audit`.

A known vulnerability fails the run (exit 1), naming the package, its version, the advisory and the fixed
versions, unless its advisory id is in ``audit-allow.txt`` with a reason. A vulnerability service that cannot
be reached (no network, a registry mirror without the advisory endpoints) is reported as NOT AUDITED, plainly,
without failing: the run then proves nothing about vulnerabilities, and says so.

    python scripts/audit_dependencies.py [--allow audit-allow.txt]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Findings:
    """One tool's answer: the vulnerabilities found (advisory id -> what to print), or why it could not audit."""

    tool: str
    vulnerabilities: dict[str, str] = field(default_factory=dict)
    not_audited: str | None = None


def read_allow_list(path: Path) -> dict[str, str]:
    """Advisory id -> the reason it is accepted, from lines ``ID  reason`` (``#`` starts a comment)."""
    allowed: dict[str, str] = {}
    if not path.exists():
        return allowed
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        advisory, _, reason = text.partition(" ")
        if not reason.strip():
            raise ValueError(
                f"{path.name} line {number}: {advisory} has no reason; write `ID  why it is accepted`"
            )
        allowed[advisory] = reason.strip()
    return allowed


def pip_findings(report: dict[str, Any]) -> Findings:
    """Read ``pip-audit --format json``. Every dependency skipped means the service answered for none."""
    findings = Findings("pip-audit")
    dependencies = report.get("dependencies", [])
    audited = [dep for dep in dependencies if "skip_reason" not in dep]
    if dependencies and not audited:
        findings.not_audited = (
            f"the vulnerability service answered for none of the {len(dependencies)} packages "
            f"(first: {dependencies[0]['skip_reason']})"
        )
        return findings
    for dep in audited:
        for vuln in dep.get("vulns", []):
            fixed = ", ".join(vuln.get("fix_versions", [])) or "none yet"
            aliases = ", ".join(vuln.get("aliases", []))
            findings.vulnerabilities[vuln["id"]] = (
                f"{dep['name']} {dep['version']}: {vuln['id']}"
                + (f" ({aliases})" if aliases else "")
                + f"; fixed in {fixed}"
            )
    return findings


def npm_findings(report: dict[str, Any]) -> Findings:
    """Read ``npm audit --json``: an error object when the registry's advisory endpoint did not answer."""
    findings = Findings("npm audit")
    if "vulnerabilities" not in report:
        error = report.get("error") or {}
        findings.not_audited = str(report.get("message") or error.get("summary") or "no report")
        return findings
    for package, entry in report["vulnerabilities"].items():
        for via in entry.get("via", []):
            if not isinstance(via, dict):
                continue  # vulnerable through another package, which is listed itself
            advisory = str(via.get("url", "")).rsplit("/", 1)[-1] or str(via.get("source"))
            findings.vulnerabilities[advisory] = (
                f"{package} {via.get('range', '')}: {advisory} {via.get('title', '')} ({via.get('severity')})"
            )
    return findings


def _run_json(command: list[str]) -> tuple[dict[str, Any] | None, str]:
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return None, str(error)
    try:
        return json.loads(done.stdout), done.stderr
    except json.JSONDecodeError:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return None, last


def audit_python() -> Findings:
    report, problem = _run_json(
        [
            sys.executable,
            "-m",
            "pip_audit",
            "--vulnerability-service",
            "pypi",
            "--format",
            "json",
            "--progress-spinner",
            "off",
            "--skip-editable",
        ]
    )
    return pip_findings(report) if report is not None else Findings("pip-audit", not_audited=problem)


def audit_npm() -> Findings:
    report, problem = _run_json(["npm", "audit", "--json", "--package-lock-only"])
    return npm_findings(report) if report is not None else Findings("npm audit", not_audited=problem)


def verdict(results: list[Findings], allowed: dict[str, str]) -> tuple[int, list[str]]:
    """The exit status and the lines to print."""
    lines, status = [], 0
    for result in results:
        if result.not_audited is not None:
            lines.append(
                f"{result.tool}: NOT AUDITED, its vulnerability service could not be reached: {result.not_audited}"
            )
            continue
        refused = {
            advisory: text for advisory, text in result.vulnerabilities.items() if advisory not in allowed
        }
        for advisory, text in sorted(result.vulnerabilities.items()):
            if advisory in allowed:
                lines.append(f"{result.tool}: allowed {text} ({allowed[advisory]})")
        for text in sorted(refused.values()):
            lines.append(f"{result.tool}: VULNERABLE {text}")
        if refused:
            status = 1
        else:
            lines.append(f"{result.tool}: no known vulnerability outside the allow-list")
    if status:
        lines.append("Upgrade the packages named, or add the advisory id to audit-allow.txt with the reason.")
    return status, lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--allow", type=Path, default=ROOT / "audit-allow.txt")
    args = parser.parse_args()
    try:
        allowed = read_allow_list(args.allow)
    except ValueError as error:
        print(f"audit: {error}", file=sys.stderr)
        return 2
    status, lines = verdict([audit_python(), audit_npm()], allowed)
    print("\n".join(lines))
    return status


if __name__ == "__main__":
    sys.exit(main())
