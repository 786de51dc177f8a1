"""The shipped source configs validate and find their files; the command protects other folders."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from wholefamily.cli import main
from wholefamily.ingest.config import load_source_configs
from wholefamily.synthetic.generate import shipped_configs


def test_every_workspace_config_validates_and_finds_one_file_per_delivery(authority: Path) -> None:
    configs = load_source_configs(authority / "sources")
    assert len(configs) == len(shipped_configs()) == 14
    for config in configs:
        files = sorted(authority.glob(config.files))
        assert [f.parent.name for f in files] == ["2026-09-30", "2026-10-31"], config.source


def test_the_package_configs_validate_as_shipped() -> None:
    folder = Path(__file__).parents[2] / "src" / "wholefamily" / "synthetic" / "sources"
    assert {c.source for c in load_source_configs(folder)} == {name[:-5] for name, _ in shipped_configs()}


def test_a_non_empty_folder_that_is_not_a_workspace_is_refused(tmp_path: Path) -> None:
    (tmp_path / "precious.txt").write_text("keep me", "utf-8")
    result = CliRunner().invoke(main, ["generate", "--residents", "1000", "--out", str(tmp_path)])
    assert result.exit_code != 0
    assert "not a wholefamily workspace" in result.output
    assert (tmp_path / "precious.txt").read_text("utf-8") == "keep me"


def test_an_authority_too_small_for_every_partner_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["generate", "--residents", "400", "--out", str(tmp_path / "ws")])
    assert result.exit_code == 2
    assert "400 is not in the range x>=1000" in result.output
    assert not (tmp_path / "ws").exists()


def test_help_explains_the_options() -> None:
    result = CliRunner().invoke(main, ["generate", "--help"])
    for option in ("--residents", "--seed", "--out", "--deliveries", "--today"):
        assert option in result.output
