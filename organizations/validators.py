"""Swedish identifiers: municipality codes (kommunkod) and organisation numbers."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MUNICIPALITY_CODE_RE = re.compile(r"^\d{4}$")


def validate_municipality_code(value: str) -> None:
    """A kommunkod has four digits; the first two are a county code (01-25)."""
    if not MUNICIPALITY_CODE_RE.match(value or ""):
        raise ValidationError(
            _("A municipality code has exactly four digits, e.g. 1286."), code="format"
        )
    if not 1 <= int(value[:2]) <= 25:
        raise ValidationError(
            _("%(code)s does not start with a county code (01–25)."),
            params={"code": value},
            code="county",
        )


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def normalize_org_number(value: str) -> str:
    """Return `NNNNNN-NNNN` for a valid Swedish organisation number, else raise.

    Accepts 10 digits with or without the dash, and the 12-digit form with the
    century prefix 16 used by some registers.
    """
    digits = re.sub(r"[\s-]", "", value or "")
    if len(digits) == 12 and digits.startswith("16"):
        digits = digits[2:]
    if not digits.isdigit() or len(digits) != 10:
        raise ValidationError(
            _("An organisation number has ten digits, e.g. 556677-8899."), code="format"
        )
    if not luhn_ok(digits):
        raise ValidationError(
            _("%(number)s is not a valid organisation number: the check digit is wrong."),
            params={"number": f"{digits[:6]}-{digits[6:]}"},
            code="checksum",
        )
    return f"{digits[:6]}-{digits[6:]}"


def validate_org_number(value: str) -> None:
    normalize_org_number(value)


def org_number_with_check_digit(first_nine: str) -> str:
    """Complete nine digits with their Luhn check digit (for demo and test data)."""
    for check in range(10):
        if luhn_ok(first_nine + str(check)):
            return f"{first_nine[:6]}-{first_nine[6:]}{check}"
    raise ValueError(first_nine)  # pragma: no cover - a Luhn digit always exists
