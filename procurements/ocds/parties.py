"""The parties of a release: organisations with their identifiers and roles."""

from organizations.enums import OrganizationKind

from .formatting import SCHEME_INTERNAL, SCHEME_MUNICIPALITY, SCHEME_ORG


def party_id(org) -> str:
    scheme, ident = _identifier(org)
    return f"{scheme}-{ident}"


def _identifier(org) -> tuple[str, str]:
    """The party's id parts: the organisation number (registered scheme SE-ON) when known,
    else the municipality code, else Samverka's short name (both unregistered, ``X-``)."""
    if org.org_number:
        return SCHEME_ORG, org.org_number.replace("-", "")
    if org.kind == OrganizationKind.MUNICIPALITY and org.municipality_code:
        return SCHEME_MUNICIPALITY, org.municipality_code
    return SCHEME_INTERNAL, org.slug


def _party(org, roles: list[str]) -> dict:
    scheme, ident = _identifier(org)
    party = {
        "id": f"{scheme}-{ident}",
        "name": org.name,
        "address": {"region": org.county_name, "countryName": "Sverige"},
        "contactPoint": {"email": org.email, "telephone": org.phone, "url": org.website},
        "roles": roles,
    }
    if scheme == SCHEME_ORG:
        party["identifier"] = {"scheme": scheme, "id": ident, "legalName": org.name}
    if org.kind == OrganizationKind.MUNICIPALITY and org.municipality_code:
        party["additionalIdentifiers"] = [
            {"scheme": SCHEME_MUNICIPALITY, "id": org.municipality_code, "legalName": org.name}
        ]
    return party


class _Parties:
    def __init__(self):
        self._orgs: dict[int, tuple] = {}

    def add(self, org, *roles: str) -> dict:
        current = self._orgs.setdefault(org.pk, (org, []))
        for role in roles:
            if role not in current[1]:
                current[1].append(role)
        return {"id": party_id(org), "name": org.name}

    def as_list(self) -> list[dict]:
        return [_party(org, roles) for org, roles in self._orgs.values()]
