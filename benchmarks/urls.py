"""The product's URLs plus the benchmark's floor page."""

from django.urls import path

from benchmarks.views import floor
from config.urls import urlpatterns as product_urlpatterns

urlpatterns = [path("floor/", floor, name="benchmark-floor"), *product_urlpatterns]
