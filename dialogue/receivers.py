"""What dialogue registers with the apps below it, at start-up (`connect`, called once from
`DialogueConfig.ready()` through `caching.connect`): the market dialogue in the OCDS
planning release and in the procurement demo."""


def connect() -> None:
    from procurements import demo_hooks
    from procurements.ocds import contributors

    from . import demo, ocds

    contributors.register(ocds.contribute)
    demo_hooks.register(demo_hooks.MARKET_DIALOGUE, demo.seed)
