// The Digest module; see docs/ARCHITECTURE.md.
