"""Keeping the data safe: backup and restore, the check, the audit trail, accounts, field limits."""
