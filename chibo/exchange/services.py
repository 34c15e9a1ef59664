"""Services of chibo.exchange: every write, in one transaction, with its audit entry."""
