"""Services of chibo.reports: every write, in one transaction, with its audit entry."""
