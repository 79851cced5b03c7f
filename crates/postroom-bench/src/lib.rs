//! Baselines for the benchmarks in `bench/`: programs that do the least possible work
//! a comparison needs, so a ratio against them means something. See `bench/README.md`.
