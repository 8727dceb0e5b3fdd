"""The national-scale dataset, app by app (run by `benchmarks.scale.load`)."""

from .needs import needs
from .organizations import organizations
from .procurements import procurements
from .sharing import sharing
from .sprints import notifications, sprints

__all__ = ["needs", "notifications", "organizations", "procurements", "sharing", "sprints"]
