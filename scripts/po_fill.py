"""Fill a gettext catalogue from a translations file.

    python scripts/po_fill.py path/to/django.po path/to/translations_sv.json

The JSON maps msgid -> msgstr. Entries already translated are kept unless the JSON has
them; entries the JSON lacks are listed, so nothing untranslated slips through.
"""

import json
import sys

import polib


def main() -> int:
    po_path, json_path = sys.argv[1], sys.argv[2]
    catalogue = polib.pofile(po_path)
    with open(json_path, encoding="utf-8") as handle:
        translations = json.load(handle)
    missing = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        elif not entry.msgstr:
            missing.append(entry.msgid)
    catalogue.save(po_path)
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
