//! The README's example outputs are what the build prints.
//!
//! Each example is a fenced block after a marker line `<!-- example: ARGS -->`; its first
//! line is `$ fouille ARGS`, the rest is that command's standard output, run in a copy of
//! the corpus with colours off. This test runs each command and compares (times taken are
//! the only thing allowed to differ). `scripts/readme-examples.sh` rewrites the blocks
//! (it runs this test with `FOUILLE_README_WRITE=1`).

mod common;

use std::path::Path;

const MARKER: &str = "<!-- example: ";

/// `search "troupes du génie" --limit 3` → its arguments (double quotes group words).
fn split_args(line: &str) -> Vec<String> {
    let mut args = Vec::new();
    let mut cur = String::new();
    let (mut quoted, mut any) = (false, false);
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any {
                    args.push(std::mem::take(&mut cur));
                }
                any = false;
            }
            _ => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        args.push(cur);
    }
    args
}

/// Times vary from run to run: `0.41 ms` → `… ms`.
fn without_times(s: &str) -> String {
    s.lines()
        .map(|l| match l.find(" ms)") {
            Some(end) => {
                let start = l[..end].rfind(' ').map_or(0, |i| i + 1);
                format!("{}…{}", &l[..start], &l[end..])
            }
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// One example of the README: where its block's body starts and ends, and its command.
struct Example {
    args: String,
    body: std::ops::Range<usize>,
}

fn examples(readme: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = readme[at..].find(MARKER) {
        let start = at + i + MARKER.len();
        let end = start + readme[start..].find(" -->").expect("marker closed");
        let args = readme[start..end].to_string();
        let fence = end + readme[end..].find("```").expect("block after marker");
        let body_start = fence + readme[fence..].find('\n').expect("fence line") + 1;
        let body_end = body_start + readme[body_start..].find("```").expect("block closed");
        out.push(Example {
            args,
            body: body_start..body_end,
        });
        at = body_end;
    }
    out
}

fn output_of(dir: &Path, args: &str) -> String {
    let out = common::fouille(dir)
        .args(split_args(args))
        .env("XDG_CONFIG_HOME", dir.join("no-config"))
        .output()
        .expect("run fouille");
    assert!(out.status.success(), "fouille {args}: {:?}", out);
    let stdout = String::from_utf8_lossy(&out.stdout);
    format!("$ fouille {args}\n{}", stdout.trim_end())
}

#[test]
fn readme_examples_are_what_the_build_prints() {
    let path = common::repo().join("README.md");
    let readme = std::fs::read_to_string(&path).expect("read README.md");
    let dir = tempfile::tempdir().expect("temp dir");
    common::copy_corpus(dir.path());
    output_of(dir.path(), "index");
    let found = examples(&readme);
    assert!(found.len() >= 5, "README has {} examples", found.len());
    let write = std::env::var_os("FOUILLE_README_WRITE").is_some();
    let mut rewritten = String::new();
    let mut copied = 0;
    for ex in &found {
        let got = output_of(dir.path(), &ex.args);
        let shown = &readme[ex.body.clone()];
        if write {
            rewritten.push_str(&readme[copied..ex.body.start]);
            rewritten.push_str(&got);
            rewritten.push('\n');
            copied = ex.body.end;
        } else {
            assert_eq!(
                without_times(shown.trim_end()),
                without_times(&got),
                "README example `fouille {}` differs from the build: run scripts/readme-examples.sh",
                ex.args
            );
        }
    }
    if write {
        rewritten.push_str(&readme[copied..]);
        std::fs::write(&path, rewritten).expect("write README.md");
    }
}

#[test]
fn splitting_and_time_masking() {
    assert_eq!(
        split_args("search \"troupes du génie\" --limit 3"),
        ["search", "troupes du génie", "--limit", "3"]
    );
    assert_eq!(
        without_times("3 passages match \"x\" (3 shown, 0.41 ms)"),
        "3 passages match \"x\" (3 shown, … ms)"
    );
}
