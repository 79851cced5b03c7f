//! Connecting over TLS and STARTTLS to a real Dovecot with a certificate from a
//! private authority: refused until that authority is trusted, then synced.

mod common;
mod imap;

use imap::*;
use postroom_testkit::{free_port, Dovecot, Options};
use std::path::Path;
use std::process::Command;

/// A private CA and a server certificate for 127.0.0.1 signed by it.
fn make_certs(dir: &Path) {
    let run = |args: &[&str]| {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .expect("run openssl");
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    run(&[
        &["req", "-x509"][..],
        &ec,
        &[
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "2",
            "-subj",
            "/CN=Postroom Test CA",
        ],
    ]
    .concat());
    run(&[
        &["req"][..],
        &ec,
        &[
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=127.0.0.1",
        ],
    ]
    .concat());
    std::fs::write(
        dir.join("ext.cnf"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    run(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "ext.cnf",
    ]);
}

#[test]
fn tls_and_starttls_need_a_trusted_certificate() {
    let certs = tempfile::tempdir().unwrap();
    make_certs(certs.path());
    let imaps = free_port();
    let dc = Dovecot::start_with(Options {
        extra_config: format!(
            "ssl = yes\nssl_cert = <{dir}/server.pem\nssl_key = <{dir}/server.key\n\
             service imap-login {{\n  inet_listener imaps {{\n    address = 127.0.0.1\n    port = {imaps}\n    ssl = yes\n  }}\n}}\n",
            dir = certs.path().display()
        ),
        ..Options::default()
    });
    let s = Setup::with(dc);
    let pw = s.password_file(ALICE_PW);
    let starttls_port = s.dc.port().to_string();
    let imaps_port = imaps.to_string();
    let starttls = [
        "mailboxes",
        "connect",
        ALICE,
        "--host",
        "127.0.0.1",
        "--port",
        &starttls_port,
        "--security",
        "starttls",
        "--password-file",
        &pw,
    ];
    let tls = [
        "mailboxes",
        "connect",
        ALICE,
        "--host",
        "127.0.0.1",
        "--port",
        &imaps_port,
        "--security",
        "tls",
        "--password-file",
        &pw,
    ];

    // Signed by an authority nobody trusts: refused, and nothing saved.
    for args in [&starttls, &tls] {
        let (_, err) = s.p.fail(args);
        assert!(err.contains("cannot set up TLS with 127.0.0.1"), "{err}");
        assert!(err.contains("UnknownIssuer"), "{err}");
    }
    assert!(s.p.json(&["mailboxes", "list"]).is_empty());

    // Trusting the team's own authority: both work, and mail flows over TLS.
    let ca = certs.path().join("ca.pem");
    let ok = |args: &[&str]| {
        let out =
            s.p.cmd()
                .env("POSTROOM_TLS_CA_FILE", &ca)
                .args(args)
                .output()
                .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    ok(&starttls);
    ok(&tls);
    let list = s.p.json(&["mailboxes", "list"]);
    assert_eq!(list[0]["security"], "tls");
    s.append("INBOX", &mail("tls@x", JANE, ALICE));
    ok(&["sync", "--once"]);
    assert_eq!(s.logged_ids(), ["tls@x"]);
}
