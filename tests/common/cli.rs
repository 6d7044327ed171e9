//! `mailwiz test --json` as a separate program, the way a help desk's script runs it: the code on
//! standard input, one JSON object on standard output. Used for the Linux build
//! (`tests/cli_test_dovecot.rs`) and the Windows build under Wine (`tests/wine_login.rs`).

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

use super::{contains, secret_forms};

/// What one run printed and how it ended.
pub struct TestRun {
    pub exit: i32,
    pub json: Value,
    pub stdout: String,
}

impl TestRun {
    /// The diagnosis code of each result, in order.
    pub fn diagnoses(&self) -> Vec<String> {
        self.json["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["diagnosis"].as_str().unwrap().to_owned())
            .collect()
    }
}

/// Runs the prepared command with `code` on standard input and parses its JSON; fails the test
/// if the code, in any form, is in what the program printed (stdout or stderr).
pub fn run_with_code(mut cmd: Command, user: &str, code: &str) -> TestRun {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run mailwiz");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{code}\n").as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let json = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {stdout}\nstderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    for form in secret_forms(user, code) {
        assert!(
            !contains(stdout.as_bytes(), &form),
            "the code leaked into the output"
        );
        assert!(
            !contains(&output.stderr, &form),
            "the code leaked into stderr"
        );
    }
    TestRun {
        exit: output.status.code().unwrap_or(-1),
        json,
        stdout,
    }
}
