"""The screens of units, emulation blocks, people and registrations."""
