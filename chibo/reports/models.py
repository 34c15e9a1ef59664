"""Models of chibo.reports."""
