"""DfE's view across every council in intervention: one row per council worst first, a grid of ratings by theme,
what changed across councils, the published benchmarks side by side, and the exports."""
