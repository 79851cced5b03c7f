//! Maildir layout and unique, deterministic file names.

use postroom_gen::{dataset, write_maildir, Config};

#[test]
fn maildir_files() {
    let cfg = Config {
        messages: 60,
        attachment_ratio: 0.0,
        ..Config::default()
    };
    let ds = dataset(&cfg);
    let dir = tempfile::tempdir().unwrap();
    let n = write_maildir(&ds, &cfg, dir.path()).unwrap();
    assert_eq!(n, 60);
    for sub in ["cur", "new", "tmp"] {
        assert!(dir.path().join(sub).is_dir());
    }
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("cur"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names.len(), 60);
    assert!(names.iter().all(|n| n.ends_with(":2,S")));

    let again = tempfile::tempdir().unwrap();
    write_maildir(&ds, &cfg, again.path()).unwrap();
    for name in &names {
        let a = std::fs::read(dir.path().join("cur").join(name)).unwrap();
        let b = std::fs::read(again.path().join("cur").join(name)).unwrap();
        assert_eq!(a, b);
    }
}
