import pytest
from django.core.exceptions import ValidationError

from organizations.validators import (
    normalize_org_number,
    org_number_with_check_digit,
    validate_municipality_code,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("556036-0793", "556036-0793"),
        ("5560360793", "556036-0793"),
        ("16556036-0793", "556036-0793"),
        (" 212000-1165 ", "212000-1165"),
    ],
)
def test_org_number_valid_forms_are_normalized(raw, expected):
    assert normalize_org_number(raw) == expected


@pytest.mark.parametrize("raw", ["556036-0794", "5560360790", "212000-1166"])
def test_org_number_wrong_check_digit_is_refused_with_clear_message(raw):
    with pytest.raises(ValidationError) as excinfo:
        normalize_org_number(raw)
    assert excinfo.value.code == "checksum"
    assert (
        "check digit" in excinfo.value.messages[0]
        or "kontrollsiffra" in (excinfo.value.messages[0])
    )


@pytest.mark.parametrize("raw", ["", "12345", "55603607931", "abcdef-ghij"])
def test_org_number_wrong_length_is_refused(raw):
    with pytest.raises(ValidationError) as excinfo:
        normalize_org_number(raw)
    assert excinfo.value.code == "format"


def test_org_number_with_check_digit_completes_luhn():
    number = org_number_with_check_digit("556036079")
    assert number == "556036-0793"


@pytest.mark.parametrize("code", ["1286", "0114", "2584"])
def test_municipality_code_valid(code):
    validate_municipality_code(code)


@pytest.mark.parametrize(
    ("code", "error"),
    [("128", "format"), ("12a6", "format"), ("9912", "county"), ("0012", "county")],
)
def test_municipality_code_invalid(code, error):
    with pytest.raises(ValidationError) as excinfo:
        validate_municipality_code(code)
    assert excinfo.value.code == error
