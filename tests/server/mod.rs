//! For the HTTP tests: a fixture corpus, a `fouille serve` process on a free port, and a
//! raw HTTP/1.1 client (raw, so that paths like `/../x` reach the server unnormalised).
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A word only in the file outside the corpus: it must never come back from the server.
pub const SECRET_WORD: &str = "ornithorynque";
pub const XSS_DOC: &str = "099_script.txt";
pub const XSS_TITLE: &str = "Un article piégé <script>alert(1)</script> & <b>gras</b>";

/// The real corpus copied into a temp folder, plus an article whose title and text carry
/// HTML, plus a file outside the corpus reached by a symlinked file and folder.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let corpus = dir.path().join("corpus");
        std::fs::create_dir_all(&corpus).unwrap();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        for e in std::fs::read_dir(&repo).unwrap().flatten() {
            // Articles only: not a `.fouille` index built there from the checkout.
            if e.file_type().is_ok_and(|t| t.is_file()) {
                std::fs::copy(e.path(), corpus.join(e.file_name())).unwrap();
            }
        }
        std::fs::write(
            corpus.join(XSS_DOC),
            format!(
                "{XSS_TITLE}\n\nCe texte contient <script>alert(2)</script> et <img src=x onerror=alert(3)> : les balises doivent rester du texte, comme le mot tamanoir.\n"
            ),
        )
        .unwrap();
        let secret = dir.path().join("secret");
        std::fs::create_dir_all(&secret).unwrap();
        std::fs::write(
            secret.join("secret.txt"),
            format!("Document privé\n\nLe mot {SECRET_WORD} ne doit jamais sortir du serveur.\n"),
        )
        .unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(secret.join("secret.txt"), corpus.join("fuite.txt"))
                .unwrap();
            std::os::unix::fs::symlink(&secret, corpus.join("dehors")).unwrap();
        }
        Fixture { dir }
    }

    pub fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    pub fn index(&self) -> PathBuf {
        self.dir.path().join("index")
    }
}

/// A running `fouille serve`; killed when dropped.
pub struct Server {
    pub child: Child,
    pub addr: SocketAddr,
    /// Lines the server wrote on stderr so far.
    pub stderr: Arc<Mutex<Vec<String>>>,
}

impl Server {
    pub fn start(fixture: &Fixture, extra: &[&str]) -> Server {
        Server::start_at(fixture, "127.0.0.1:0", extra)
    }

    pub fn start_at(fixture: &Fixture, addr: &str, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_fouille"))
            .arg("serve")
            .arg("--corpus")
            .arg(fixture.corpus())
            .arg("--index")
            .arg(fixture.index())
            .args(["--addr", addr])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start fouille serve");
        let stderr = child.stderr.take().unwrap();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let sink = lines.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(at) = line.find("http://") {
                    let rest = &line[at + 7..];
                    let host = rest.split('/').next().unwrap_or_default().to_string();
                    let _ = tx.send(host);
                }
                sink.lock().unwrap().push(line);
            }
        });
        let host = rx
            .recv_timeout(Duration::from_secs(120))
            .unwrap_or_else(|_| panic!("server did not start: {:?}", lines.lock().unwrap()));
        let mut addr: SocketAddr = host.parse().expect("address in the startup line");
        if addr.ip().is_unspecified() {
            addr.set_ip([127, 0, 0, 1].into());
        }
        Server {
            child,
            addr,
            stderr: lines,
        }
    }

    pub fn get(&self, path: &str) -> Response {
        send(
            self.addr,
            format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
    }

    /// `GET path` until the answer has `hits` hits (the background refresh caught up),
    /// that answer; a hang guard fails the test after a minute.
    pub fn get_until_hits(&self, path: &str, hits: usize) -> Response {
        let t0 = Instant::now();
        loop {
            let r = self.get(path);
            if r.json()["hits"].as_array().map(Vec::len) == Some(hits) {
                return r;
            }
            assert!(
                t0.elapsed() < Duration::from_secs(60),
                "{path}: {}",
                r.text()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Ask the server to stop (SIGTERM) and wait for it, at most `wait`.
    pub fn terminate(&mut self, wait: Duration) -> Option<std::process::ExitStatus> {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let t0 = Instant::now();
        while t0.elapsed() < wait {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    /// Header names lowercased.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}), status {}: {}", self.status, self.text()))
    }
}

/// One request, raw bytes in, parsed response out (`Connection: close`).
pub fn send(addr: SocketAddr, request: &[u8]) -> Response {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream.write_all(request).expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read response");
    parse(&raw)
}

fn parse(raw: &[u8]) -> Response {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"))
    {
        body = unchunk(&body);
    }
    Response {
        status,
        headers,
        body,
    }
}

fn unchunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = data.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&data[..eol]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&data[eol + 2..eol + 2 + size]);
        data = &data[eol + 2 + size + 2..];
    }
    out
}

/// `%`-encode a query value.
pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The highlighted strings of a JSON hit or passage.
pub fn marked(hit: &serde_json::Value) -> Vec<String> {
    let text = hit["text"].as_str().unwrap();
    hit["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let (s, e) = (
                r[0].as_u64().unwrap() as usize,
                r[1].as_u64().unwrap() as usize,
            );
            text[s..e].to_string()
        })
        .collect()
}
