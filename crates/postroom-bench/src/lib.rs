//! Baselines for the benchmarks in `bench/`: programs that do the least possible work
//! a comparison needs, so a ratio against them means something. See `bench/README.md`.
//!
//! Binaries: `parse-baseline` (for `bench/import.sh`) and `bench-dovecot`, the private
//! Dovecot, IDLE probe and bare-client IDLE baseline of `bench/sync.sh`.

/// `--name value` options of the helper binaries.
pub mod opts {
    use std::collections::HashMap;

    pub type Opts = HashMap<String, String>;

    /// `--name value` pairs.
    pub fn options(args: &[String]) -> Result<Opts, String> {
        let mut out = HashMap::new();
        let mut it = args.iter();
        while let Some(name) = it.next() {
            let Some(key) = name.strip_prefix("--") else {
                return Err(format!("unexpected argument {name:?}"));
            };
            let value = it.next().ok_or_else(|| format!("{name} needs a value"))?;
            out.insert(key.to_string(), value.clone());
        }
        Ok(out)
    }

    pub fn required<'a>(o: &'a Opts, key: &str) -> Result<&'a str, String> {
        o.get(key)
            .map(String::as_str)
            .ok_or_else(|| format!("--{key} is required"))
    }

    pub fn number<T: std::str::FromStr>(o: &Opts, key: &str, default: T) -> Result<T, String> {
        match o.get(key) {
            None => Ok(default),
            Some(v) => v
                .parse()
                .map_err(|_| format!("--{key} takes a number, got {v:?}")),
        }
    }
}
