//! statuses (to be written).
