//! companies (to be written).
