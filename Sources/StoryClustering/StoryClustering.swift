// The StoryClustering module; see docs/ARCHITECTURE.md.
