"""The registry: units, people, emulation blocks and registrations, and their Excel import and export."""
