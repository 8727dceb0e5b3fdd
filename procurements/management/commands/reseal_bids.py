from django.core.management.base import BaseCommand

from procurements.services.keys import bids_reseal


class Command(BaseCommand):
    help = (
        "Re-encrypt sealed bids and their files with the newest BID_ENCRYPTION_KEY and "
        "recompute supplier tokens with SUPPLIER_TOKEN_KEY (after a key rotation)."
    )

    def handle(self, *args, **options):
        result = bids_reseal()
        self.stdout.write(
            f"Resealed {result.bids} bids and {result.files} files; "
            f"recomputed {result.tokens} supplier tokens."
        )
