"""Copy an installation's local uploads and reports into the bucket.

    STORAGE_S3_BUCKET=... manage.py media_to_bucket              # copy MEDIA_ROOT
    STORAGE_S3_BUCKET=... manage.py media_to_bucket --dry-run    # only say what it would do
    STORAGE_S3_BUCKET=... manage.py media_to_bucket --source /old/media
    STORAGE_S3_BUCKET=... manage.py media_to_bucket --create-bucket  # first make the bucket

Safe to run again at any time (idempotent, resumable): a file already in the bucket with
the same size and hash is skipped, one that differs is copied again, and every copy is
verified. Local files are left as they are; delete them yourself once it reports no
failures. See the README (Deploy on several machines).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.storage import bucket_ensure, is_object_storage, media_copy_to_bucket


class Command(BaseCommand):
    help = "Copy local files (MEDIA_ROOT) into the S3 bucket; idempotent, verified."

    def add_arguments(self, parser):
        parser.add_argument("--source", default=str(settings.MEDIA_ROOT))
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument(
            "--create-bucket", action="store_true", help="create the bucket if it is missing"
        )

    def handle(
        self, *args, source: str, dry_run: bool, create_bucket: bool, verbosity: int, **options
    ):
        if not is_object_storage():
            raise CommandError(
                "The default storage is the local disk: set STORAGE_S3_BUCKET (and the "
                "endpoint and keys) to copy the files into a bucket."
            )

        if create_bucket and not dry_run and bucket_ensure():
            self.stdout.write("created the bucket")

        def progress(name, result):
            done = len(result.copied) + len(result.already_there) + len(result.failed)
            if verbosity > 1 or done % 500 == 0:
                self.stdout.write(f"{done} files looked at ({name})")

        result = media_copy_to_bucket(source=source, dry_run=dry_run, progress=progress)
        verb = "would copy" if dry_run else "copied"
        self.stdout.write(
            f"{verb} {len(result.copied)}, already in the bucket {len(result.already_there)}, "
            f"failed {len(result.failed)}"
        )
        for name in result.missing:
            self.stderr.write(f"named in the database but not in {source}: {name}")
        for name, error in result.failed:
            self.stderr.write(f"failed: {name}: {error}")
        if result.failed:
            raise CommandError(f"{len(result.failed)} files were not copied; run it again.")
