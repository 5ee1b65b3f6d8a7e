"""Excel files: the fast reader, safe reading and writing, printable sheets, the import frame (preview, then all or nothing)."""
