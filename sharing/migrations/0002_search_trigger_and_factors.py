"""The Swedish full-text column is kept by the database (a trigger), and the category tree
with its impact factors is seeded from sharing/data/impact_factors.csv (version 1)."""

import csv
from decimal import Decimal
from pathlib import Path

from django.db import migrations

TRIGGER_SQL = """
CREATE OR REPLACE FUNCTION sharing_listing_search_update() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('swedish'::regconfig, coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('swedish'::regconfig, coalesce(NEW.dimensions, '')), 'C') ||
    setweight(to_tsvector('swedish'::regconfig, coalesce(NEW.description, '')), 'B');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER sharing_listing_search_trigger
  BEFORE INSERT OR UPDATE OF title, description, dimensions ON sharing_listing
  FOR EACH ROW EXECUTE FUNCTION sharing_listing_search_update();
"""
REVERSE_SQL = """
DROP TRIGGER IF EXISTS sharing_listing_search_trigger ON sharing_listing;
DROP FUNCTION IF EXISTS sharing_listing_search_update();
"""

# Swedish and English names of every path segment used by the tree.
NAMES = {
    "furniture": ("Möbler", "Furniture"),
    "chairs": ("Stolar", "Chairs"),
    "office chair": ("Kontorsstolar", "Office chairs"),
    "visitor or meeting chair": ("Besöks- och mötesstolar", "Visitor and meeting chairs"),
    "desks": ("Skrivbord", "Desks"),
    "height-adjustable desk": ("Höj- och sänkbara skrivbord", "Height-adjustable desks"),
    "fixed desk": ("Fasta skrivbord", "Fixed desks"),
    "tables": ("Bord", "Tables"),
    "meeting or classroom table": ("Mötes- och klassrumsbord", "Meeting and classroom tables"),
    "storage": ("Förvaring", "Storage"),
    "cabinet or shelving": ("Skåp och hyllor", "Cabinets and shelving"),
    "sofas": ("Soffor", "Sofas"),
    "sofa": ("Soffor", "Sofas"),
    "armchair": ("Fåtöljer", "Armchairs"),
    "other": ("Övriga möbler", "Other furniture"),
    "equipment": ("Utrustning", "Equipment"),
    "it": ("IT", "IT"),
    "laptop": ("Bärbara datorer", "Laptops"),
    "av": ("Ljud och bild", "Audio and video"),
    "projector": ("Projektorer", "Projectors"),
    "services": ("Tjänster", "Services"),
    "premises": ("Lokaler", "Premises"),
    "meeting room": ("Mötesrum", "Meeting rooms"),
    "staff assignments": ("Personaluppdrag", "Staff assignments"),
}
EXTRA_PATHS = ["equipment/av/projector", "premises/meeting room"]
# Typical price of a new unit, excl. VAT: estimates from 2025 public-sector framework
# price lists; admins replace them. CO2e figures come from the CSV with their sources.
NEW_PRICES = {
    "furniture/chairs/office chair": 4500,
    "furniture/chairs/visitor or meeting chair": 1800,
    "furniture/desks/height-adjustable desk": 7000,
    "furniture/desks/fixed desk": 3000,
    "furniture/tables/meeting or classroom table": 3500,
    "furniture/storage/cabinet or shelving": 3000,
    "furniture/sofas/sofa": 12000,
    "furniture/sofas/armchair": 5000,
    "furniture/other": 2000,
    "equipment/it/laptop": 11000,
    "services": 0,
    "staff assignments": 0,
}
PRICE_NOTE = "New price: estimate from 2025 framework price lists."


def load(apps, schema_editor):
    Category = apps.get_model("sharing", "Category")
    ImpactFactor = apps.get_model("sharing", "ImpactFactor")
    path = Path(__file__).resolve().parent.parent / "data" / "impact_factors.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))

    def ensure(full_path):
        parts = full_path.split("/")
        parent = None
        for depth in range(len(parts)):
            sub = "/".join(parts[: depth + 1])
            name_sv, name_en = NAMES.get(parts[depth], (parts[depth], parts[depth]))
            parent, _ = Category.objects.get_or_create(
                path=sub,
                defaults={"parent": parent, "name_sv": name_sv, "name_en": name_en, "depth": depth},
            )
        return parent

    for row in rows:
        category = ensure(row["category_path"])
        note = row["note"].strip()
        ImpactFactor.objects.update_or_create(
            category=category,
            defaults={
                "kg_co2e_per_unit": Decimal(row["kg_co2e_per_unit"]),
                "new_price_sek": Decimal(NEW_PRICES.get(row["category_path"], 0)),
                "source": row["source"].strip(),
                "source_year": row["source_year"].strip(),
                "note": (note + " " if note else "") + PRICE_NOTE,
                "version": 1,
            },
        )
    for extra in EXTRA_PATHS:
        ensure(extra)


class Migration(migrations.Migration):
    dependencies = [("sharing", "0001_initial")]

    operations = [
        migrations.RunSQL(TRIGGER_SQL, REVERSE_SQL),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
