// The Storage module; see docs/ARCHITECTURE.md.
