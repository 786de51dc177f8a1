"""The dependency audit (``scripts/audit_dependencies.py``, run by ``make test``): a known vulnerability fails
it by name unless the allow-list gives a reason, and a vulnerability service out of reach is said plainly
without failing."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def audit() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "audit_dependencies", ROOT / "scripts" / "audit_dependencies.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


PIP_REPORT = {
    "dependencies": [
        {
            "name": "django",
            "version": "4.2.0",
            "vulns": [
                {
                    "id": "PYSEC-2023-100",
                    "fix_versions": ["4.2.2"],
                    "aliases": ["CVE-2023-36053"],
                    "description": "…",
                }
            ],
        },
        {"name": "pyyaml", "version": "6.0.2", "vulns": []},
        {"name": "wholefamily", "skip_reason": "Dependency not found on PyPI and could not be audited"},
    ]
}
NPM_REPORT = {
    "auditReportVersion": 2,
    "vulnerabilities": {
        "govuk-frontend": {
            "name": "govuk-frontend",
            "severity": "moderate",
            "via": [
                {
                    "source": 1098,
                    "name": "govuk-frontend",
                    "title": "Cross-site scripting",
                    "severity": "moderate",
                    "url": "https://github.com/advisories/GHSA-aaaa-bbbb-cccc",
                    "range": "<4.1.0",
                }
            ],
        },
        "@ministryofjustice/frontend": {"name": "@ministryofjustice/frontend", "via": ["govuk-frontend"]},
    },
}


def test_a_known_vulnerability_fails_naming_package_version_advisory_and_fix(audit: ModuleType) -> None:
    status, lines = audit.verdict([audit.pip_findings(PIP_REPORT), audit.npm_findings(NPM_REPORT)], {})
    assert status == 1
    text = "\n".join(lines)
    assert "pip-audit: VULNERABLE django 4.2.0: PYSEC-2023-100 (CVE-2023-36053); fixed in 4.2.2" in text
    assert "npm audit: VULNERABLE govuk-frontend <4.1.0: GHSA-aaaa-bbbb-cccc Cross-site scripting" in text
    assert "audit-allow.txt" in lines[-1]


def test_an_allowed_vulnerability_passes_with_its_reason_shown(audit: ModuleType) -> None:
    allowed = {
        "PYSEC-2023-100": "only the admin site is affected, behind sign-in",
        "GHSA-aaaa-bbbb-cccc": "no",
    }
    status, lines = audit.verdict([audit.pip_findings(PIP_REPORT), audit.npm_findings(NPM_REPORT)], allowed)
    assert status == 0
    assert (
        "pip-audit: allowed django 4.2.0: PYSEC-2023-100 (CVE-2023-36053); fixed in 4.2.2 (only the admin site is affected, behind sign-in)"
        in lines
    )


def test_a_service_out_of_reach_is_reported_as_not_audited_without_failing(audit: ModuleType) -> None:
    skipped = {
        "dependencies": [{"name": "django", "skip_reason": "Dependency not found on PyPI: django (5.2)"}]
    }
    refused = {
        "message": "405 Method Not Allowed - POST https://registry.example/-/npm/v1/security/advisories/bulk",
        "error": {"summary": ""},
    }
    status, lines = audit.verdict([audit.pip_findings(skipped), audit.npm_findings(refused)], {})
    assert status == 0
    assert lines[0].startswith("pip-audit: NOT AUDITED") and "none of the 1 packages" in lines[0]
    assert lines[1].startswith("npm audit: NOT AUDITED") and "405 Method Not Allowed" in lines[1]


def test_the_allow_list_needs_a_reason_for_each_advisory(audit: ModuleType, tmp_path: Path) -> None:
    allow = tmp_path / "audit-allow.txt"
    allow.write_text("# accepted\nPYSEC-2023-100  fixed upstream next release  # until 2027\n")
    assert audit.read_allow_list(allow) == {"PYSEC-2023-100": "fixed upstream next release"}
    allow.write_text("GHSA-aaaa-bbbb-cccc\n")
    with pytest.raises(ValueError, match="line 1: GHSA-aaaa-bbbb-cccc has no reason"):
        audit.read_allow_list(allow)


def test_the_projects_allow_list_reads(audit: ModuleType) -> None:
    assert all(audit.read_allow_list(ROOT / "audit-allow.txt").values())
