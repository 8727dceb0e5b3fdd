"""Pages for needs, challenges, workshops and prioritisation, one module per aggregate.
Objects come from selectors; writes go through services; a foreign object answers 404."""
