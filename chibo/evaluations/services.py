"""Services of chibo.evaluations: every write, in one transaction, with its audit entry."""
