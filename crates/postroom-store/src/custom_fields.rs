//! custom_fields (to be written).
