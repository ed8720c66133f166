//! The page in a real browser: headless Chromium driven through chromedriver (WebDriver).
//! Types `Koursk`, sees the 003 passage highlighted, opens it at that passage; types
//! `genie`, gets `troupes du génie`; an article carrying `<script>` shows it as text.
//! Screenshots land in `target/screens/`. Skipped, saying why, without chromium and
//! chromedriver (Debian: `apt-get install chromium chromium-driver`; `.ci/run` does it).

mod server;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use server::{Fixture, Server, XSS_DOC, XSS_TITLE};

const KOURSK_DOC: &str = "003_875a825590cad64c.txt";

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn screens() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screens");
    std::fs::create_dir_all(&dir).expect("target/screens");
    dir
}

async fn shot(client: &Client, name: &str) {
    let png = client.screenshot().await.expect("screenshot");
    let path = screens().join(name);
    std::fs::write(&path, png).expect("write screenshot");
    eprintln!("screenshot: {}", path.display());
}

/// Poll `script` (a function body returning a value) until it returns something truthy.
async fn wait_js(client: &Client, what: &str, script: &str) -> Value {
    let t0 = Instant::now();
    loop {
        let v = client
            .execute(script, vec![])
            .await
            .expect("execute script");
        let truthy =
            !matches!(&v, Value::Null | Value::Bool(false)) && v != json!("") && v != json!(0);
        if truthy {
            return v;
        }
        if t0.elapsed() > Duration::from_secs(15) {
            shot(client, "failure.png").await;
            panic!("timed out waiting for {what} (last: {v})");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn type_query(client: &Client, query: &str) {
    let input = client.find(Locator::Css("#q")).await.expect("search box");
    input.clear().await.expect("clear box");
    input.send_keys(query).await.expect("type");
}

/// The hit for (doc, passage) once shown: its marks and title, as the page renders them.
const HIT: &str = r#"
  const a = [...document.querySelectorAll('#results a')]
    .find(a => a.dataset.doc === arguments[0] && a.dataset.passage === arguments[1]);
  if (!a) return null;
  return { marks: [...a.querySelectorAll('mark')].map(m => m.textContent),
           title: a.querySelector('.title').textContent,
           text: a.querySelector('.passage').textContent };
"#;

async fn hit(client: &Client, what: &str, doc: &str, passage: u32) -> Value {
    let script = format!(
        "return (function() {{ {HIT} }}).apply(null, [{}, {}]);",
        json!(doc),
        json!(passage.to_string())
    );
    wait_js(client, what, &script).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_searches_highlights_and_opens_articles() {
    let (Some(chromium), Some(chromedriver)) = (
        find_program(&["chromium", "chromium-browser", "google-chrome"]),
        find_program(&["chromedriver"]),
    ) else {
        eprintln!(
            "SKIPPED browser test: chromium and chromedriver not found on PATH (Debian: apt-get install chromium chromium-driver)"
        );
        return;
    };
    let fixture = Fixture::new();
    let server = Server::start(&fixture, &[]);
    let port = free_port();
    let _driver = Driver(
        Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver"),
    );
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1000,1100", "--lang=fr-FR"],
        }),
    );
    let t0 = Instant::now();
    let client = loop {
        match ClientBuilder::native()
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => break c,
            Err(e) if t0.elapsed() < Duration::from_secs(20) => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("cannot drive chromium through chromedriver: {e}"),
        }
    };

    client.goto(&server.url("/")).await.expect("open the page");
    // The box has the focus on arrival: typing goes there.
    wait_js(
        &client,
        "the focused box",
        "return document.activeElement.id === 'q';",
    )
    .await;

    // Koursk: the 003 passage, the word highlighted.
    type_query(&client, "Koursk").await;
    let koursk = hit(&client, "the Koursk hit", KOURSK_DOC, 4).await;
    assert_eq!(koursk["marks"], json!(["Koursk"]), "{koursk}");
    let status = client
        .find(Locator::Css("#status"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(status.starts_with("1 passage trouvé"), "{status}");
    shot(&client, "search-koursk.png").await;

    // A click opens the article at that passage, highlighted and in view.
    client
        .find(Locator::Css(&format!(
            "#results a[data-doc='{KOURSK_DOC}'][data-passage='4']"
        )))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let view = wait_js(
        &client,
        "the article view at ¶4",
        r#"const p = document.getElementById('p-4');
           if (!p || document.getElementById('article').hidden || !p.classList.contains('current')) return null;
           const r = p.getBoundingClientRect();
           return { title: document.getElementById('a-title').textContent,
                    marks: [...p.querySelectorAll('mark')].map(m => m.textContent),
                    inView: r.top >= 0 && r.top < window.innerHeight,
                    hash: location.hash };"#,
    )
    .await;
    assert_eq!(view["title"], koursk["title"]);
    assert_eq!(view["marks"], json!(["Koursk"]), "{view}");
    assert_eq!(view["inView"], true, "{view}");
    assert!(view["hash"].as_str().unwrap().contains("p=4"), "{view}");
    shot(&client, "article-koursk.png").await;

    // `/` goes back to the box; `genie` finds the « troupes du génie » passage.
    client
        .find(Locator::Css("body"))
        .await
        .unwrap()
        .send_keys("/")
        .await
        .unwrap();
    wait_js(
        &client,
        "the box focused after /",
        "return document.activeElement.id === 'q' && !document.getElementById('list').hidden;",
    )
    .await;
    type_query(&client, "genie").await;
    let genie = hit(&client, "the génie hit", "002_219692dc95d182a7.txt", 1).await;
    assert!(
        genie["text"].as_str().unwrap().contains("troupes du génie"),
        "{genie}"
    );
    assert!(
        genie["marks"].as_array().unwrap().contains(&json!("génie")),
        "{genie}"
    );
    shot(&client, "search-genie.png").await;

    // A typo: the suggestion is offered, a click applies it.
    type_query(&client, "Kousk").await;
    wait_js(
        &client,
        "the did-you-mean line",
        "return !document.getElementById('suggest').hidden && document.getElementById('fix').textContent === '« Koursk »';",
    )
    .await;
    client
        .find(Locator::Css("#fix"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    hit(&client, "the corrected search", KOURSK_DOC, 4).await;
    assert_eq!(
        client
            .execute("return document.getElementById('q').value;", vec![])
            .await
            .unwrap(),
        json!("Koursk")
    );

    // Filters: one passage per article.
    type_query(&client, "Pyongyang").await;
    wait_js(
        &client,
        "Pyongyang hits",
        "return document.querySelectorAll('#results a').length === 10;",
    )
    .await;
    client
        .execute(
            "const s = document.getElementById('per'); s.value = '1'; s.dispatchEvent(new Event('change'));",
            vec![],
        )
        .await
        .unwrap();
    let docs = wait_js(
        &client,
        "one passage per article",
        r#"if (!location.hash.includes('per_article=1')) return null;
           const docs = [...document.querySelectorAll('#results a')].map(a => a.dataset.doc);
           return docs.length > 0 && new Set(docs).size === docs.length ? docs : null;"#,
    )
    .await;
    assert!(docs.as_array().unwrap().len() >= 4, "{docs}");
    shot(&client, "filter-per-article.png").await;
    client
        .execute(
            "const s = document.getElementById('per'); s.value = ''; s.dispatchEvent(new Event('change'));",
            vec![],
        )
        .await
        .unwrap();
    type_query(&client, "genie").await;
    hit(
        &client,
        "the génie hit again",
        "002_219692dc95d182a7.txt",
        1,
    )
    .await;

    // Arrow down then Enter: the keyboard opens the first hit.
    let input = client.find(Locator::Css("#q")).await.unwrap();
    input.send_keys("\u{E015}").await.unwrap(); // ArrowDown
    wait_js(
        &client,
        "the first hit focused",
        "return document.activeElement === document.querySelector('#results a');",
    )
    .await;
    client
        .find(Locator::Css("#results a"))
        .await
        .unwrap()
        .send_keys("\u{E007}") // Enter
        .await
        .unwrap();
    wait_js(
        &client,
        "the article opened by Enter",
        "return !document.getElementById('article').hidden && document.querySelector('.passages li.current') !== null;",
    )
    .await;

    // An article carrying HTML: shown as text, nothing runs, no element is created.
    client.goto(&server.url("/#q=tamanoir")).await.unwrap();
    let xss = hit(&client, "the <script> article", XSS_DOC, 1).await;
    assert_eq!(xss["title"], XSS_TITLE, "{xss}");
    assert!(
        xss["text"]
            .as_str()
            .unwrap()
            .contains("<script>alert(2)</script>"),
        "{xss}"
    );
    let injected = client
        .execute(
            "return document.querySelectorAll('main script, main img, main b').length;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(injected, json!(0));
    assert!(client.get_alert_text().await.is_err(), "an alert opened");
    shot(&client, "search-script.png").await;
    client
        .goto(&server.url(&format!("/#article={XSS_DOC}&p=1&q=tamanoir")))
        .await
        .unwrap();
    let shown = wait_js(
        &client,
        "the <script> article view",
        "const t = document.getElementById('a-title').textContent; return t.includes('<script>') ? t : null;",
    )
    .await;
    assert_eq!(shown, json!(XSS_TITLE));
    let injected = client
        .execute(
            "return document.querySelectorAll('main script, main img').length;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(injected, json!(0));
    shot(&client, "article-script.png").await;

    // A phone's width: the page still fits (no horizontal scrolling).
    client.set_window_size(390, 844).await.unwrap();
    client
        .goto(&server.url("/#q=soldats%20Koursk"))
        .await
        .unwrap();
    hit(&client, "the phone-width hit", KOURSK_DOC, 4).await;
    let overflow = client
        .execute(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        overflow.as_i64().unwrap() <= 0,
        "horizontal overflow {overflow}"
    );
    shot(&client, "phone.png").await;

    client.close().await.unwrap();
}
