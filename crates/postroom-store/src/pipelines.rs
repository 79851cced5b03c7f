//! pipelines (to be written).
