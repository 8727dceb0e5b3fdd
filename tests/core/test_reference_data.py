"""`manage.py flush` empties the tables the migrations filled (CPV codes, answer options,
listing categories and their climate factors); `seed_demo` loads them again, and never
overwrites a table that has data (it may have been edited since)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from core.management.commands.seed_demo import reference_data_load
from core.models import CpvCode
from needs.models import AnswerOption
from sharing.models import Category, ImpactFactor

pytestmark = pytest.mark.django_db


def _empty_as_a_flush_does():
    tables = ", ".join(m._meta.db_table for m in (CpvCode, AnswerOption, Category, ImpactFactor))
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {tables} CASCADE")


def test_reference_data_emptied_by_a_flush_is_loaded_again():
    codes, options, categories = (
        CpvCode.objects.count(),
        AnswerOption.objects.count(),
        Category.objects.count(),
    )
    assert codes > 9000 and options and categories
    _empty_as_a_flush_does()
    assert reference_data_load() == ["core.CpvCode", "needs.AnswerOption", "sharing.Category"]
    assert CpvCode.objects.count() == codes
    assert AnswerOption.objects.count() == options
    assert Category.objects.count() == categories
    assert ImpactFactor.objects.exists()


def test_a_table_with_data_is_left_as_it_is():
    factor = ImpactFactor.objects.order_by("pk").first()
    factor.new_price_sek = 123
    factor.save(update_fields=["new_price_sek"])
    assert reference_data_load() == []
    factor.refresh_from_db()
    assert factor.new_price_sek == 123


def test_seed_demo_after_a_flush_builds_the_demo():
    _empty_as_a_flush_does()
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "Loaded the reference data of core.CpvCode" in out.getvalue()
    assert "Demo data ready." in out.getvalue()
    assert CpvCode.objects.filter(code="48000000-8").exists()
