//! A crash (kill -9) or Ctrl-C in the middle of an import loses nothing already
//! committed, and running the import again finishes the job: the end state is the
//! same as an import that was never interrupted.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

fn postroom(data: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_postroom"));
    cmd.arg("--data-dir").arg(data);
    cmd
}

fn ok(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{:?}: {}",
        cmd,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A data dir with the sample team and people, and a sample mailbox beside it.
fn setup(root: &Path, name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let cfg = postroom_gen::Config {
        attachment_ratio: 0.0,
        ..postroom_gen::Config::realistic(2500, 7)
    };
    let ds = postroom_gen::dataset(&cfg);
    let data = root.join(name);
    let mbox = root.join("mailbox.mbox");
    let people = root.join("people.csv");
    if !mbox.exists() {
        postroom_gen::write_mbox(&ds, &cfg, std::fs::File::create(&mbox).unwrap()).unwrap();
        postroom_gen::write_people_csv(&ds, &cfg, std::fs::File::create(&people).unwrap()).unwrap();
    }
    for member in &ds.team {
        ok(postroom(&data)
            .args(["users", "add"])
            .args(&member.emails)
            .args(["--name", &member.name]));
    }
    ok(postroom(&data).args(["people", "import"]).arg(&people));
    (data, mbox)
}

fn activities(data: &Path) -> Vec<serde_json::Value> {
    ok(postroom(data).args(["activities", "list", "--json"]))
        .lines()
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
            // Ids and thread ids are assigned in arrival order; compare what they mean.
            let obj = v.as_object_mut().unwrap();
            obj.remove("id");
            obj.remove("thread_id");
            v
        })
        .collect()
}

/// Starts an import and returns once it has committed its first batch.
fn start_import_and_wait_for_a_commit(data: &Path, mbox: &Path) -> std::process::Child {
    let mut child = postroom(data)
        .args(["mail", "import", "--json"])
        .arg(mbox)
        .env("POSTROOM_LOG", "postroom_ingest=info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    loop {
        let line = lines
            .next()
            .expect("import ended before committing a batch")
            .unwrap();
        if line.contains("batch committed") {
            break;
        }
    }
    // Keep draining stderr so the child never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    child
}

fn last_json(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout.lines().last().unwrap()).unwrap()
}

#[test]
fn kill_9_mid_import_then_rerun_equals_an_uninterrupted_import() {
    let root = tempfile::tempdir().unwrap();
    let (clean, mbox) = setup(root.path(), "clean");
    let whole = last_json(&ok(postroom(&clean)
        .args(["mail", "import", "--json"])
        .arg(&mbox)));
    assert!(whole["logged"].as_u64().unwrap() > 100, "{whole}");

    let (crashed, _) = setup(root.path(), "crashed");
    let mut child = start_import_and_wait_for_a_commit(&crashed, &mbox);
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let kept = activities(&crashed).len();
    assert!(kept > 0, "the committed batch was lost");

    let rerun = last_json(&ok(postroom(&crashed)
        .args(["mail", "import", "--json"])
        .arg(&mbox)));
    assert!(rerun["duplicates"].as_u64().unwrap() > 0, "{rerun}");
    assert_eq!(
        rerun["logged"].as_u64().unwrap() + rerun["duplicates"].as_u64().unwrap(),
        whole["logged"].as_u64().unwrap() + whole["duplicates"].as_u64().unwrap()
    );
    assert_eq!(activities(&crashed), activities(&clean));
}

#[test]
fn ctrl_c_stops_after_the_batch_in_hand_and_rerun_finishes() {
    let root = tempfile::tempdir().unwrap();
    let (clean, mbox) = setup(root.path(), "clean");
    ok(postroom(&clean).args(["mail", "import"]).arg(&mbox));

    let (data, _) = setup(root.path(), "interrupted");
    let child = start_import_and_wait_for_a_commit(&data, &mbox);
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    // Either it stopped early (130, with a summary of what was saved) or it had
    // already finished (0); never a failure, never a lost summary.
    let code = out
        .status
        .code()
        .expect("exited by signal: the handler did not run");
    assert!(code == 130 || code == 0, "exit code {code}");
    let partial = last_json(&stdout);
    assert!(partial["scanned"].as_u64().unwrap() > 0);

    ok(postroom(&data).args(["mail", "import"]).arg(&mbox));
    assert_eq!(activities(&data), activities(&clean));
}
