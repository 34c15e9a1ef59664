"""Models of chibo.commendations."""
