"""Models of chibo.discipline."""
