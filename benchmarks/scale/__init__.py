"""Deterministic national-scale data for the benchmark (manage.py scale_data)."""
