//! Same seed, same bytes; different seed, different bytes.

use postroom_gen::{dataset, messages, write_mbox, write_people_csv, Config};

fn small(seed: u64) -> Config {
    Config {
        seed,
        messages: 150,
        attachment_min: 2_000,
        attachment_max: 20_000,
        attachment_ratio: 0.1,
        extra_records: 50,
        ..Config::default()
    }
}

fn mbox(cfg: &Config) -> Vec<u8> {
    let ds = dataset(cfg);
    let mut out = Vec::new();
    write_mbox(&ds, cfg, &mut out).unwrap();
    out
}

fn csv(cfg: &Config) -> Vec<u8> {
    let ds = dataset(cfg);
    let mut out = Vec::new();
    write_people_csv(&ds, cfg, &mut out).unwrap();
    out
}

#[test]
fn same_seed_same_bytes() {
    assert_eq!(dataset(&small(7)), dataset(&small(7)));
    assert_eq!(mbox(&small(7)), mbox(&small(7)));
    assert_eq!(csv(&small(7)), csv(&small(7)));
}

#[test]
fn different_seed_different_bytes() {
    assert_ne!(dataset(&small(7)), dataset(&small(8)));
    assert_ne!(mbox(&small(7)), mbox(&small(8)));
    assert_ne!(csv(&small(7)), csv(&small(8)));
}

#[test]
fn messages_is_lazy_and_matches_count() {
    let cfg = small(1);
    let ds = dataset(&cfg);
    let mut it = messages(&ds, &cfg);
    assert!(it.next().is_some());
    assert_eq!(messages(&ds, &cfg).count(), cfg.messages);
    // A prefix of a longer run is the same as a shorter run.
    let longer = Config {
        messages: 300,
        ..small(1)
    };
    let a: Vec<Vec<u8>> = messages(&ds, &cfg).collect();
    let b: Vec<Vec<u8>> = messages(&ds, &longer).take(cfg.messages).collect();
    assert_eq!(a, b);
}
