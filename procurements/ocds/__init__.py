"""OCDS 1.1.5 export of procurement cases (see README_SECTION.md)."""
