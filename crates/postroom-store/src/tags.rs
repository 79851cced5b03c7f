//! tags (to be written).
