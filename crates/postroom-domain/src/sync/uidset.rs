//! UID sets as IMAP spells them (`1:5,9,12:14`), cut into commands of bounded length.

/// Compacts sorted-or-not UIDs into IMAP sequence sets of at most `per_set` UIDs
/// each, ascending, so that one FETCH never names an unbounded number of messages.
pub fn uid_sets(uids: &[u32], per_set: usize) -> Vec<String> {
    let mut sorted = uids.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    sorted
        .chunks(per_set.max(1))
        .map(|chunk| {
            let mut out = String::new();
            let mut i = 0;
            while i < chunk.len() {
                let start = chunk[i];
                let mut end = start;
                while i + 1 < chunk.len() && chunk[i + 1] == end + 1 {
                    i += 1;
                    end = chunk[i];
                }
                if !out.is_empty() {
                    out.push(',');
                }
                if start == end {
                    out.push_str(&start.to_string());
                } else {
                    out.push_str(&format!("{start}:{end}"));
                }
                i += 1;
            }
            out
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_are_compacted_and_sets_bounded() {
        assert_eq!(
            uid_sets(&[5, 1, 2, 3, 9, 12, 13, 14], 100),
            ["1:3,5,9,12:14"]
        );
        assert_eq!(uid_sets(&[1, 2, 3, 4, 5], 2), ["1:2", "3:4", "5"]);
        assert!(uid_sets(&[], 10).is_empty());
        assert_eq!(uid_sets(&[7, 7], 10), ["7"]);
    }
}
