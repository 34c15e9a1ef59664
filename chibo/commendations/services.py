"""Services of chibo.commendations: every write, in one transaction, with its audit entry."""
