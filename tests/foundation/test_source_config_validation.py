"""Source configs are validated on load, with messages that name the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from wholefamily.ingest.config import ConfigError, load_source_config, load_source_configs

GOOD: dict[str, object] = {
    "source": "housing_tenancies",
    "title": "Housing tenancies",
    "agency": "housing",
    "files": "extracts/*/housing.csv",
    "format": {"type": "csv", "delimiter": ";", "encoding": "cp1252"},
    "record_key": ["tenancy_ref"],
    "people": [
        {
            "name": "lead_tenant",
            "fields": {
                "full_name": {"column": "Tenant", "name_order": "surname_first", "required": True},
                "dob": {"column": "DOB", "date_formats": ["%d/%m/%Y", "excel_serial"]},
                "sex": {"column": "Sex", "map": {"M": "male", "F": "female"}},
            },
        },
        {
            "name": "occupant",
            "from": "cell",
            "cell": {
                "column": "Occupants",
                "separator": ";",
                "pattern": r"(?P<name>[^(]+)\((?P<dob>[^)]*)\)",
            },
            "fields": {
                "full_name": {"column": "name", "name_order": "forename_first"},
                "dob": {"column": "dob", "date_formats": ["%d/%m/%Y"]},
            },
        },
    ],
    "events": [
        {
            "kind": "rent_arrears",
            "people": ["lead_tenant", "occupant"],
            "date": {"column": "Arrears Date", "date_formats": ["%d/%m/%Y"]},
            "values": {
                "amount_gbp": {"column": "Arrears"},
                "tenure": {"column": "Tenure", "map": {"C": "council", "PR": "private_rented"}},
            },
        }
    ],
}


def write(tmp_path: Path, config: dict[str, object], name: str = "housing.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(config), "utf-8")
    return path


def changed(path: tuple[str | int, ...], value: object) -> dict[str, object]:
    config = yaml.safe_load(yaml.safe_dump(GOOD))
    target = config
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return config  # type: ignore[no-any-return]


def test_a_good_config_loads_with_its_people_and_events(tmp_path: Path) -> None:
    config = load_source_config(write(tmp_path, GOOD))
    assert [p.name for p in config.people] == ["lead_tenant", "occupant"]
    assert config.people[1].from_ == "cell"
    assert config.events[0].values["tenure"].map == {"C": "council", "PR": "private_rented"}


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("events", 0, "kind"), "rent_arrearz", "unknown event kind 'rent_arrearz'"),
        (("events", 0, "values", "tenure", "map"), {"C": "councill"}, "allowed codes are"),
        (("events", 0, "values", "colour"), {"column": "x"}, "values.colour: not a field of rent_arrears"),
        (("events", 0, "people"), ["lodger"], "'lodger' is not a people group"),
        (("format", "encoding"), "klingon-8", "unknown encoding 'klingon-8'"),
        (("format", "delimiter"), ";;", "exactly one character"),
        (("people", 0, "fields", "full_name"), {"column": "Tenant"}, "needs name_order"),
        (("people", 0, "fields", "dob"), {"column": "DOB"}, "fields.dob needs date_formats"),
        (("people", 0, "fields", "sex", "map"), {"M": "man"}, "allowed codes are male"),
        (("people", 0, "fields", "shoe_size"), {"column": "x"}, "people.0.fields.shoe_size"),
        (("people", 1, "cell", "pattern"), "([^(]+", "pattern does not compile"),
        (("people", 0, "fields", "dob", "date_formats"), ["%d/%Q/%Y"], "is not a strptime directive"),
        (("people", 0, "fields", "dob", "date_formats"), ["%d/%m"], "has no year"),
        (("people", 1, "fields", "dob", "column"), "born", "'born' is not a group of cell.pattern"),
        (("people", 0, "fields", "postcode"), {"column": "P", "value": "X"}, "exactly one of column"),
        (("source",), "Housing Tenancies", "must be lower_snake_case"),
        (("format",), {"type": "parquet"}, "format"),
        (("unexpected_key",), 1, "unexpected_key: Extra inputs are not permitted"),
        (
            ("people", 0, "fields", "postcode"),
            {"record_column": "Post Code"},
            "people.0: Value error, fields.postcode: record_column is for nested and cell groups",
        ),
        (
            ("people", 1, "fields", "postcode"),
            {"expression": "upper(pc)"},
            "fields.postcode: column 'pc' is not a group of cell.pattern",
        ),
        (
            ("events", 0, "values", "amount_gbp"),
            {"expression": "Pence / 100"},
            "events.0.values.amount_gbp: Value error, expression 'Pence / 100': 'Pence' is text, arithmetic "
            "needs number: write number(Pence) to read it as a number (line 1, column 1)",
        ),
        (
            ("events", 0, "when"),
            "Excluded",
            "events.0.when: Value error, 'Excluded': a condition must be true",
        ),
        (("events", 0, "when"), "Code = 10", "'Code = 10' mixes text and number"),
        (
            ("events", 0, "when"),
            "Code = 'Y'; DROP TABLE mentions",
            "a second statement (after ';') is not allowed",
        ),
        (("events", 0, "when"), "Code IN (SELECT code FROM t)", "is not allowed"),
        (("events", 0, "when"), "read_text('/etc/passwd') = ''", "function 'read_text' is not allowed"),
        (
            ("events", 0, "values", "tenure"),
            {"delivery_date": True},
            "values.tenure: delivery_date is for dates",
        ),
        (
            ("events", 0, "date"),
            {"expression": "Arrears"},
            "date: a date read from a column needs date_formats",
        ),
        (
            ("people", 0, "fields", "dob"),
            {"delivery_date": True},
            "fields.dob: delivery_date is for event dates",
        ),
        (
            ("people", 0, "identifiers"),
            {"nhs_number": {"column": "NHS"}},
            "identifiers.nhs_number: the identifier type is a person field",
        ),
        (("people", 0, "identifiers"), {"Council ID": {"column": "ID"}}, "must be lower_snake_case"),
        (("people", 0, "fields", "sex", "country"), "any", "fields.sex: country is for the postcode only"),
        (
            ("people", 0, "fields", "sex", "max_length"),
            0,
            "max_length: Input should be greater than or equal to 1",
        ),
        (("record_key",), {"line_number": False}, "record_key.LineNumberKey.line_number"),
    ],
)
def test_a_bad_config_is_rejected_naming_file_and_key(
    tmp_path: Path, path: tuple[str | int, ...], value: object, expected: str
) -> None:
    config_path = write(tmp_path, changed(path, value))
    with pytest.raises(ConfigError) as caught:
        load_source_config(config_path)
    message = str(caught.value)
    assert str(config_path) in message
    assert expected in message


def test_yaml_that_does_not_parse_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("source: [unclosed\n", "utf-8")
    with pytest.raises(ConfigError, match=r"broken\.yaml: invalid source config") as caught:
        load_source_config(path)
    assert "not valid YAML" in str(caught.value)


def test_two_configs_with_one_source_id_are_rejected(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "a.yaml")
    write(tmp_path, GOOD, "b.yaml")
    with pytest.raises(ConfigError, match=r"also used by a\.yaml"):
        load_source_configs(tmp_path)


def test_an_empty_sources_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no source configs"):
        load_source_configs(tmp_path)
