"""Models of chibo.exchange."""
