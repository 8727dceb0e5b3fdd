from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def floor(request):
    """The base layout and nothing else: the benchmark's floor."""
    return render(request, "benchmarks/floor.html")
