"""Identifier check rules, on published examples and on numbers built from their parts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from wholefamily.identifiers import (
    is_valid_nhs_number,
    is_valid_ni_number,
    is_valid_upn,
    nhs_check_digit,
    upn_check_letter,
)


def test_nhs_number_examples() -> None:
    assert is_valid_nhs_number("943 476 5919")
    assert is_valid_nhs_number("943-476-5919")
    assert not is_valid_nhs_number("9434765918")  # wrong check digit
    assert not is_valid_nhs_number("94347659")  # too short
    assert nhs_check_digit("100000001") is None  # check would be 10: no valid number has these digits


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_every_nhs_number_built_with_its_check_digit_is_valid(first_nine: str) -> None:
    check = nhs_check_digit(first_nine)
    if check is not None:
        assert is_valid_nhs_number(first_nine + str(check))
        assert not is_valid_nhs_number(first_nine + str((check + 1) % 10))


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_upn_check_letter_round_trip(digits: str) -> None:
    letter = upn_check_letter(digits)
    assert letter not in "IOS"
    assert is_valid_upn(letter + digits)
    assert is_valid_upn((letter + digits).lower())
    other = "A" if letter != "A" else "B"
    assert not is_valid_upn(other + digits)


def test_ni_number_rules() -> None:
    assert is_valid_ni_number("AB 12 34 56 C")
    assert not is_valid_ni_number("GB123456A")  # never issued prefix
    assert not is_valid_ni_number("DA123456A")  # D is never a first letter
    assert not is_valid_ni_number("AO123456A")  # O is never a second letter
    assert not is_valid_ni_number("AB123456E")  # suffix A-D only
