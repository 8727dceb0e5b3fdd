"""System checks for the sealed-bid keys (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def check_bid_keys(app_configs=None, **kwargs) -> list[Error]:
    """A missing, malformed or weak bid or supplier-token key is an error in production:
    a key derived from SECRET_KEY (whose development value is public) protects nothing."""
    from config.settings import _DEV_SECRET

    from .crypto import key_problems

    return [
        Error(problem, hint="See README, Security: keys.", id="procurements.E001")
        for problem in key_problems(
            bid_key=settings.BID_ENCRYPTION_KEY,
            token_key_value=getattr(settings, "SUPPLIER_TOKEN_KEY", ""),
            secret=settings.SECRET_KEY,
            dev_secret=_DEV_SECRET,
        )
    ]
