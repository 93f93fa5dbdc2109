"""The HTTP layer: thin adapters between requests and the world."""
