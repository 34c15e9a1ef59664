"""Services of chibo.discipline: every write, in one transaction, with its audit entry."""
