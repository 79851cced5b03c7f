//! Small helpers shared by the query modules.

use postroom_domain::RecordType;

/// The table holding records of this type. Only ever interpolated from this fixed
/// pair, never from input.
pub(crate) fn record_table(record_type: RecordType) -> &'static str {
    match record_type {
        RecordType::Candidate => "candidates",
        RecordType::Contact => "contacts",
    }
}

/// SQLite allows a limited number of bound variables per statement.
pub(crate) const IN_CHUNK: usize = 400;

/// `?, ?, ?` for an IN list of `n` values.
pub(crate) fn placeholders(n: usize) -> String {
    let mut s = String::with_capacity(n * 3);
    for i in 0..n {
        if i > 0 {
            s.push_str(", ");
        }
        s.push('?');
    }
    s
}
