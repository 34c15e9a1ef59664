"""Models of chibo.evaluations."""
