//! Baselines for the benchmarks in `bench/`: programs that do the least possible work
//! a comparison needs, so a ratio against them means something. See `bench/README.md`.
//!
//! Binaries: `parse-baseline` (for `bench/import.sh`) and `bench-dovecot`, the private
//! Dovecot, IDLE probe and bare-client IDLE baseline of `bench/sync.sh`.
