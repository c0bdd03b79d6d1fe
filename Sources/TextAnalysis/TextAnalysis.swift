// The TextAnalysis module; see docs/ARCHITECTURE.md.
