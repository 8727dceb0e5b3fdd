"""Pages of the procurements app, one module per part of the case."""
