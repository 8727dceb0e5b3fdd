"""The benchmark's settings: the product's, plus what only the benchmark needs.

The floor page (`/floor/`: the base layout and nothing else), the `X-Query-Count` header
and the `scale_data` command live here, not in the product: `benchmarks/run.py`,
`profile.py` and `cluster.py` run with DJANGO_SETTINGS_MODULE=benchmarks.settings.
"""

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS, MIDDLEWARE

INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks"]  # the scale_data command, the floor template
ROOT_URLCONF = "benchmarks.urls"
MIDDLEWARE = ["benchmarks.middleware.QueryCountHeaderMiddleware", *MIDDLEWARE]
