//! Placeholder library target of the workspace root package, which exists to hold the top-level `examples/` and `benches/`.
