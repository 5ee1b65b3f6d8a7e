"""Keeping the data safe: backup and restore, the check, the audit trail, accounts, field limits;
``backup_status`` is what the window shows about backups."""
