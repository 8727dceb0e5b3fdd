"""Pages of the marketplace, one module per aggregate. Every object comes from a selector
that takes the user; a foreign object answers 404."""
