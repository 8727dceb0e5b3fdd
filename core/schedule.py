from datetime import timedelta

BEAT_SCHEDULE = {
    # Background jobs stored while Redis was down (or whose publisher died) go out.
    "core-sweep-jobs": {"task": "core.sweep_jobs", "schedule": timedelta(seconds=30)},
}
