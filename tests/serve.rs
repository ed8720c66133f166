//! `fouille serve` over HTTP: every endpoint on a free port, the JSON contract, errors,
//! limits, path traversal, searches during re-indexing, shutdown.

mod server;

use std::time::Duration;

use server::{Fixture, SECRET_WORD, Server, XSS_DOC, XSS_TITLE, enc, marked, send};

const KOURSK_DOC: &str = "003_875a825590cad64c.txt";
const GENIE_DOC: &str = "002_219692dc95d182a7.txt";

fn assert_error(r: &server::Response, status: u16, code: &str) {
    assert_eq!(r.status, status, "{}", r.text());
    assert!(
        r.header("content-type")
            .is_some_and(|c| c.starts_with("application/json")),
        "{:?}",
        r.headers
    );
    let v = r.json();
    assert_eq!(v["error"], code, "{v}");
    assert!(
        v["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty() && !m.contains('\n')),
        "{v}"
    );
}

#[test]
fn search_answers_with_the_json_contract() {
    let fixture = Fixture::new();
    let server = Server::start(&fixture, &[]);

    let r = server.get("/api/search?q=Koursk");
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(
        r.header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    let v = r.json();
    assert_eq!(v["query"], "Koursk");
    assert_eq!(v["total_hits"], 1);
    assert_eq!(v["offset"], 0);
    assert_eq!(v["limit"], 10);
    let hit = &v["hits"][0];
    assert_eq!(hit["rank"], 1);
    assert_eq!(hit["doc"], KOURSK_DOC);
    assert_eq!(hit["passage"], 4);
    assert_eq!(marked(hit), ["Koursk"]);
    // The same hit contract as `--json`: character offsets beside the byte ones.
    let chars: Vec<char> = hit["text"].as_str().unwrap().chars().collect();
    let [s, e] = [0, 1].map(|i| hit["highlights_chars"][0][i].as_u64().unwrap() as usize);
    assert_eq!(chars[s..e].iter().collect::<String>(), "Koursk", "{hit}");
    for key in ["score", "title", "start", "end", "line", "text"] {
        assert!(!hit[key].is_null(), "hit lacks {key}: {hit}");
    }
    // start..end is where the passage lies in the article file.
    let file = std::fs::read(fixture.corpus().join(KOURSK_DOC)).unwrap();
    let (s, e) = (
        hit["start"].as_u64().unwrap() as usize,
        hit["end"].as_u64().unwrap() as usize,
    );
    let original = String::from_utf8_lossy(&file[s..e]).into_owned();
    assert!(original.starts_with("Ces dernières semaines"), "{original}");

    let v = server
        .get(&format!("/api/search?q={}", enc("troupes du génie")))
        .json();
    assert_eq!(v["hits"][0]["doc"], GENIE_DOC);
    assert_eq!(v["hits"][0]["passage"], 1);
    assert_eq!(marked(&v["hits"][0]), ["troupes du génie"]);

    // Accents typed or not: the same passage.
    let v = server.get("/api/search?q=genie&limit=3").json();
    assert!(
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["doc"] == GENIE_DOC
                && h["text"].as_str().unwrap().contains("troupes du génie")),
        "{v}"
    );

    let v = server.get("/api/search?q=Kousk").json();
    assert_eq!(v["did_you_mean"], "Koursk");
    assert_eq!(v["hits"][0]["doc"], KOURSK_DOC);
}

#[test]
fn search_pages_and_filters() {
    let fixture = Fixture::new();
    let server = Server::start(&fixture, &[]);
    let all = server.get("/api/search?q=Pyongyang&limit=6").json();
    let all = all["hits"].as_array().unwrap().clone();
    assert_eq!(all.len(), 6);
    let page = server
        .get("/api/search?q=Pyongyang&limit=2&offset=2")
        .json();
    assert_eq!(page["offset"], 2);
    let hits = page["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0]["rank"], 3);
    for (a, b) in hits.iter().zip(&all[2..4]) {
        assert_eq!((&a["doc"], &a["passage"]), (&b["doc"], &b["passage"]));
    }

    let v = server
        .get("/api/search?q=Pyongyang&per_article=1&limit=20")
        .json();
    let docs: Vec<&str> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["doc"].as_str().unwrap())
        .collect();
    let distinct: std::collections::HashSet<_> = docs.iter().collect();
    assert_eq!(docs.len(), distinct.len(), "{docs:?}");
    assert!(docs.len() >= 4, "{docs:?}");

    // Date filters and sort are accepted and passed to the engine.
    let r = server.get("/api/search?q=Pyongyang&since=2022-01-01&until=2030-12-31&sort=date");
    assert_eq!(r.status, 200, "{}", r.text());
    // Periods as on the command line: the year 2022 holds 000's date (2022-08-05).
    let v = server
        .get("/api/search?q=Pyongyang&since=2022&until=2022-08")
        .json();
    let hits = v["hits"].as_array().unwrap();
    assert!(!hits.is_empty(), "{v}");
    assert!(hits.iter().all(|h| h["date"] == "2022-08-05"), "{v}");
    // Filters reach the engine: site (in q), date range, sort by date. Only 000 is dated
    // (2022-08-05) and has a site (www.hngn.com).
    let docs_of = |v: &serde_json::Value| -> Vec<String> {
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["doc"].as_str().unwrap().to_string())
            .collect()
    };
    let dated = "000_725a85727f30f04b.txt";
    let v = server
        .get(&format!(
            "/api/search?q={}&limit=20",
            enc("Pyongyang site:www.hngn.com")
        ))
        .json();
    let docs = docs_of(&v);
    assert!(!docs.is_empty() && docs.iter().all(|d| d == dated), "{v}");
    let v = server
        .get("/api/search?q=Pyongyang&since=2022-08-01&until=2022-08-31&limit=20")
        .json();
    let docs = docs_of(&v);
    assert!(!docs.is_empty() && docs.iter().all(|d| d == dated), "{v}");
    let v = server
        .get("/api/search?q=Pyongyang&since=2024-01-01")
        .json();
    assert_eq!(v["total_hits"], 0, "{v}");
    let v = server
        .get("/api/search?q=Pyongyang&sort=date&limit=3")
        .json();
    assert_eq!(v["hits"][0]["date"], "2022-08-05", "{v}");
    // limit=0 counts only.
    let v = server.get("/api/search?q=Pyongyang&limit=0").json();
    assert!(v["total_hits"].as_u64().unwrap() >= 6);
    assert_eq!(v["hits"].as_array().unwrap().len(), 0);
}

#[test]
fn bad_requests_get_json_errors_never_a_crash() {
    let fixture = Fixture::new();
    let server = Server::start(&fixture, &[]);
    assert_error(&server.get("/api/search"), 400, "missing_query");
    assert_error(&server.get("/api/search?q=%20%20"), 400, "missing_query");
    assert_error(&server.get("/api/search?q=auteur:Kim"), 400, "bad_query");
    assert_error(
        &server.get("/api/search?q=a&limit=1000"),
        400,
        "bad_parameter",
    );
    assert_error(
        &server.get("/api/search?q=a&limit=-1"),
        400,
        "bad_parameter",
    );
    assert_error(
        &server.get("/api/search?q=a&limit=dix"),
        400,
        "bad_parameter",
    );
    assert_error(
        &server.get("/api/search?q=a&offset=99999"),
        400,
        "bad_parameter",
    );
    assert_error(
        &server.get("/api/search?q=a&per_article=0"),
        400,
        "bad_parameter",
    );
    assert_error(
        &server.get("/api/search?q=a&since=hier"),
        400,
        "bad_parameter",
    );
    assert_error(
        &server.get("/api/search?q=a&since=2024-02-30"),
        400,
        "bad_parameter",
    );
    assert_error(
        &server.get("/api/search?q=a&since=2024&until=2023"),
        400,
        "bad_parameter",
    );
    assert_error(
        &server.get("/api/search?q=a&sort=hasard"),
        400,
        "bad_parameter",
    );
    assert_error(&server.get("/api/search?q=a&lmit=3"), 400, "bad_parameter");
    let long = "mot ".repeat(260);
    assert_error(
        &server.get(&format!("/api/search?q={}", enc(&long))),
        400,
        "too_long",
    );
    let huge = "a".repeat(5000);
    assert_error(
        &server.get(&format!("/api/search?q={huge}")),
        414,
        "uri_too_long",
    );
    assert_error(&server.get("/api/nothing"), 404, "not_found");
    assert_error(&server.get("/api/analyze"), 400, "missing_text");
    assert_error(
        &server.get(&format!("/api/analyze?text={}", "a".repeat(3000))),
        400,
        "too_long",
    );

    // Read-only: every method but GET is refused.
    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        let r = send(
            server.addr,
            format!("{method} /api/search?q=a HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        );
        assert_error(&r, 405, "method_not_allowed");
    }
    // A body is refused before anything reads it.
    let r = send(
        server.addr,
        b"GET /api/search?q=a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
    );
    assert_error(&r, 413, "body_too_large");

    // Odd encodings: answered (200 or 400, JSON), the server keeps running.
    for path in [
        "/api/search?q=%FF%FE",
        "/api/search?q=%",
        "/api/search?q=%zz",
        "/api/search?q=%C3",
        "/api/search?q=%22%22%22",
        "/api/search?q=-",
        "/api/search?q=OR",
        "/api/search?q=%00",
        "/api/search?&&&q=Koursk&&",
        "/api/articles/%FF",
    ] {
        let r = server.get(path);
        assert!(matches!(r.status, 200 | 400 | 404), "{path}: {}", r.text());
        r.json();
    }
    // Not a valid request line (raw quotes): refused by the HTTP layer, no crash.
    assert_eq!(server.get("/api/search?q=\"a\"").status, 400);
    // Garbage instead of HTTP: the connection is closed, the server still answers.
    let mut stream = std::net::TcpStream::connect(server.addr).unwrap();
    use std::io::{Read, Write};
    stream.write_all(b"\x00\x01\x02 not http\r\n\r\n").unwrap();
    let _ = stream.read_to_end(&mut Vec::new());
    assert_eq!(server.get("/api/health").status, 200);
}

#[test]
fn articles_list_and_article_view() {
    let fixture = Fixture::new();
    let server = Server::start(&fixture, &[]);
    let v = server.get("/api/articles").json();
    assert_eq!(v["total"], 6, "{v}");
    let list = v["articles"].as_array().unwrap();
    let paths: Vec<&str> = list.iter().map(|a| a["path"].as_str().unwrap()).collect();
    assert!(
        paths.contains(&KOURSK_DOC) && paths.contains(&XSS_DOC),
        "{paths:?}"
    );
    let first = &list[0];
    assert_eq!(first["path"], "000_725a85727f30f04b.txt");
    assert_eq!(first["site"], "www.hngn.com");
    assert_eq!(first["passages"], 18);
    assert!(
        first["title"]
            .as_str()
            .unwrap()
            .starts_with("Guerre russo-ukrainienne")
    );
    let page = server.get("/api/articles?limit=2&offset=1").json();
    assert_eq!(page["articles"].as_array().unwrap().len(), 2);
    assert_eq!(page["articles"][0]["path"], list[1]["path"]);

    let hit = server.get("/api/search?q=Koursk").json()["hits"][0].clone();
    let v = server
        .get(&format!("/api/articles/{KOURSK_DOC}?q=Koursk"))
        .json();
    assert_eq!(v["path"], KOURSK_DOC);
    assert_eq!(v["query"], "Koursk");
    let passages = v["passages"].as_array().unwrap();
    let numbers: Vec<u64> = passages
        .iter()
        .map(|p| p["passage"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, (1..=numbers.len() as u64).collect::<Vec<_>>());
    let p4 = &passages[3];
    assert_eq!(p4["passage"], 4);
    assert_eq!((&p4["start"], &p4["end"]), (&hit["start"], &hit["end"]));
    assert_eq!(marked(p4), ["Koursk"]);
    assert!(
        passages
            .iter()
            .filter(|p| p["passage"] != 4)
            .all(|p| marked(p).is_empty())
    );
    // Without q, nothing is highlighted.
    let v = server.get(&format!("/api/articles/{KOURSK_DOC}")).json();
    assert!(
        v["passages"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| marked(p).is_empty())
    );

    assert_error(
        &server.get("/api/articles/999_absent.txt"),
        404,
        "not_found",
    );
    assert_error(
        &server.get("/api/articles?limit=5000"),
        400,
        "bad_parameter",
    );

    // HTML in an article is data: it comes back as the same text, to be shown as text.
    let v = server.get(&format!("/api/articles/{XSS_DOC}")).json();
    assert_eq!(v["title"], XSS_TITLE);
}

#[test]
fn no_file_outside_the_corpus_is_served() {
    let fixture = Fixture::new();
    let server = Server::start(&fixture, &[]);
    let attempts = [
        "/api/articles/../secret/secret.txt",
        "/api/articles/../../../../etc/passwd",
        "/api/articles/..%2fsecret%2fsecret.txt",
        "/api/articles/%2e%2e/secret/secret.txt",
        "/api/articles/%2e%2e%2fsecret%2fsecret.txt",
        "/api/articles/%252e%252e%252fsecret%252fsecret.txt",
        "/api/articles/..%5csecret%5csecret.txt",
        "/api/articles/%2fetc%2fpasswd",
        "/api/articles//etc/passwd",
        "/api/articles/./003_875a825590cad64c.txt/../../secret/secret.txt",
        "/api/articles/fuite.txt",
        "/api/articles/dehors/secret.txt",
        "/api/articles/%66uite.txt",
        "/../secret/secret.txt",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/api/../../etc/passwd",
        "/app.js/../../secret/secret.txt",
        "/secret/secret.txt",
        "/corpus/003_875a825590cad64c.txt",
        "/index/meta.json",
    ];
    for path in attempts {
        let r = server.get(path);
        assert!(
            matches!(r.status, 400 | 404),
            "{path}: {} {}",
            r.status,
            r.text()
        );
        let body = r.text();
        assert!(
            !body.contains(SECRET_WORD) && !body.contains("root:"),
            "{path} leaked: {body}"
        );
        r.json();
    }
    // The symlinked file and folder were indexed (the CLI follows links), but the server
    // neither lists them nor returns their passages.
    let v = server.get("/api/articles").json();
    let listed: u64 = v["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["passages"].as_u64().unwrap())
        .sum();
    let indexed = server.get("/api/health").json()["passages"]
        .as_u64()
        .unwrap();
    assert!(
        indexed > listed,
        "the symlinked files are in the index: {indexed} > {listed}"
    );
    assert!(
        !v.to_string().contains("fuite") && !v.to_string().contains("dehors"),
        "{v}"
    );
    let v = server.get(&format!("/api/search?q={SECRET_WORD}")).json();
    assert_eq!(v["hits"].as_array().unwrap().len(), 0, "{v}");
    assert!(!v.to_string().contains(SECRET_WORD.to_uppercase().as_str()));
}

#[test]
fn analyze_health_page_and_headers() {
    let fixture = Fixture::new();
    let server = Server::start(&fixture, &[]);
    let v = server
        .get(&format!(
            "/api/analyze?text={}",
            enc("l’armée des 41 500 soldats")
        ))
        .json();
    let tokens: Vec<&str> = v["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["text"].as_str().unwrap())
        .collect();
    assert_eq!(tokens, ["arme", "41500", "soldat"], "{v}");
    let exact: Vec<&str> = v["exact"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["text"].as_str().unwrap())
        .collect();
    assert_eq!(exact, ["armée", "41500", "soldats"], "{v}");
    let text = v["text"].as_str().unwrap();
    let t0 = &v["tokens"][0];
    let (s, e) = (
        t0["start"].as_u64().unwrap() as usize,
        t0["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[s..e], "armée");

    let h = server.get("/api/health").json();
    assert_eq!(h["status"], "ok");
    assert_eq!(h["articles"], 6);
    assert!(h["passages"].as_u64().unwrap() > 59, "{h}");
    assert_eq!(h["index"]["state"], "ready");
    assert!(h["index"]["last_refresh"].as_u64().unwrap() > 1_600_000_000);
    assert_eq!(h["sites"][0], "www.hngn.com");

    let r = server.get("/");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    let page = r.text();
    assert!(page.contains("<html lang=\"fr\">") && page.contains("Rechercher dans les articles"));
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "no CDN"
    );
    let csp = r.header("content-security-policy").unwrap();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    // CORS is off unless asked.
    assert_eq!(
        server
            .get("/api/health")
            .header("access-control-allow-origin"),
        None
    );
    let js = server.get("/app.js");
    assert_eq!(
        js.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(
        !js.text().contains("innerHTML"),
        "the page renders text only"
    );
    assert_eq!(
        server.get("/style.css").header("content-type"),
        Some("text/css; charset=utf-8")
    );
}

#[test]
fn cors_only_when_asked() {
    let fixture = Fixture::new();
    let server = Server::start(&fixture, &["--cors", "http://localhost:3000"]);
    let r = server.get("/api/health");
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("http://localhost:3000")
    );
}

#[test]
fn searches_keep_answering_while_the_corpus_is_reindexed() {
    let fixture = Fixture::new();
    let server = Server::start(&fixture, &["--refresh-every", "0.2"]);
    let addr = server.addr;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let searchers: Vec<_> = (0..4)
        .map(|_| {
            let stop = stop.clone();
            std::thread::spawn(move || {
                let mut ok = 0u32;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let r = send(
                        addr,
                        b"GET /api/search?q=Koursk HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                    );
                    assert_eq!(r.status, 200, "{}", r.text());
                    assert_eq!(r.json()["hits"][0]["doc"], KOURSK_DOC);
                    ok += 1;
                }
                ok
            })
        })
        .collect();

    let wait_for = |query: &str, want: usize| {
        server.get_until_hits(&format!("/api/search?q={query}&limit=100"), want);
    };
    // New articles appear…
    for i in 0..20 {
        std::fs::write(
            fixture.corpus().join(format!("nouveau_{i:02}.txt")),
            format!("Article ajouté {i}\n\nLe fourmilier géant, ou tamanoir, vit en Amérique du Sud (note {i}).\n"),
        )
        .unwrap();
    }
    wait_for("fourmilier", 20);
    // …a changed one is re-read, a removed one disappears.
    std::fs::write(
        fixture.corpus().join("nouveau_00.txt"),
        "Article changé\n\nIl n’est plus question que du pangolin.\n",
    )
    .unwrap();
    std::fs::remove_file(fixture.corpus().join("nouveau_01.txt")).unwrap();
    wait_for("fourmilier", 18);
    wait_for("pangolin", 1);

    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut total = 0;
    for s in searchers {
        let ok = s.join().expect("a searcher failed");
        total += ok;
    }
    assert!(total > 20, "only {total} searches during the re-indexing");
    let h = server.get("/api/health").json();
    assert!(h["index"]["reloads"].as_u64().unwrap() >= 2, "{h}");
    assert_eq!(h["articles"], 6 + 19);
    let v = server.get("/api/articles/nouveau_00.txt").json();
    assert_eq!(v["title"], "Article changé");
}

#[test]
fn logs_requests_warns_off_loopback_and_stops_on_sigterm() {
    let fixture = Fixture::new();
    let mut server = Server::start_at(&fixture, "0.0.0.0:0", &["--log"]);
    assert_eq!(server.get("/api/health").status, 200);
    assert_eq!(server.get("/api/search?q=Koursk").status, 200);
    let status = server
        .terminate(Duration::from_secs(15))
        .expect("the server stops on SIGTERM");
    assert!(status.success(), "{status:?}");
    std::thread::sleep(Duration::from_millis(100));
    let lines = server.stderr.lock().unwrap().clone();
    assert!(
        lines
            .iter()
            .any(|l| l.contains("warning: listening on 0.0.0.0")),
        "{lines:?}"
    );
    let logged: Vec<&String> = lines.iter().filter(|l| l.starts_with("GET ")).collect();
    assert_eq!(logged.len(), 2, "{lines:?}");
    assert!(
        logged[1].starts_with("GET /api/search?q=Koursk 200 "),
        "{lines:?}"
    );
    assert!(lines.iter().any(|l| l.contains("stopping")), "{lines:?}");
}

#[test]
fn quiet_by_default() {
    let fixture = Fixture::new();
    let mut server = Server::start(&fixture, &[]);
    assert_eq!(server.get("/api/health").status, 200);
    server.terminate(Duration::from_secs(15)).expect("stops");
    let lines = server.stderr.lock().unwrap().clone();
    assert!(!lines.iter().any(|l| l.starts_with("GET ")), "{lines:?}");
}

#[test]
fn repeated_searches_are_answered_from_the_cache_of_the_index_that_found_them() {
    let fixture = Fixture::new();
    let server = Server::start(&fixture, &["--refresh-every", "0.2"]);
    let first = server.get("/api/search?q=tamanoir&limit=100");
    assert_eq!(first.status, 200, "{}", first.text());
    assert_eq!(first.header("x-cache"), Some("miss"));
    assert_eq!(first.json()["hits"].as_array().unwrap().len(), 1);
    // The same request, even spelt otherwise: the same bytes, without a search.
    for path in [
        "/api/search?q=tamanoir&limit=100",
        "/api/search?limit=100&q=tamanoir&offset=0&sort=relevance",
    ] {
        let again = server.get(path);
        assert_eq!(again.header("x-cache"), Some("hit"), "{path}");
        assert_eq!(again.header("content-type"), Some("application/json"));
        assert_eq!(again.body, first.body, "{path}");
    }
    // Another page or order is another request.
    for path in [
        "/api/search?q=tamanoir&limit=99",
        "/api/search?q=tamanoir&limit=100&sort=date",
        "/api/search?q=tamanoir%20&limit=100",
    ] {
        assert_eq!(server.get(path).header("x-cache"), Some("miss"), "{path}");
    }
    let h = server.get("/api/health").json();
    assert_eq!(h["cache"]["enabled"], true, "{h}");
    assert_eq!(h["cache"]["entries"], 4, "{h}");
    assert_eq!(h["cache"]["hits"], 2, "{h}");
    assert!(h["cache"]["bytes"].as_u64().unwrap() > first.body.len() as u64);
    // A refresh swaps in a new index and, with it, an empty cache: the new article shows.
    std::fs::write(
        fixture.corpus().join("nouveau.txt"),
        "Le tamanoir\n\nUn tamanoir traverse la pampa.\n",
    )
    .unwrap();
    let r = server.get_until_hits("/api/search?q=tamanoir&limit=100", 2);
    assert_eq!(r.header("x-cache"), Some("miss"));
    let h = server.get("/api/health").json();
    assert!(h["index"]["reloads"].as_u64().unwrap() >= 1, "{h}");
    assert_eq!(h["cache"]["entries"], 1, "{h}");
    // Errors are never kept.
    assert_error(&server.get("/api/search?q=auteur:Kim"), 400, "bad_query");
    assert_error(&server.get("/api/search?q=auteur:Kim"), 400, "bad_query");
    assert_eq!(server.get("/api/health").json()["cache"]["entries"], 1);
}

#[test]
fn no_cache_searches_every_time() {
    let fixture = Fixture::new();
    let server = Server::start(&fixture, &["--no-cache"]);
    for _ in 0..2 {
        let r = server.get("/api/search?q=Koursk");
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.header("x-cache"), None);
        assert_eq!(r.json()["hits"][0]["doc"], KOURSK_DOC);
    }
    let h = server.get("/api/health").json();
    assert_eq!(h["cache"]["enabled"], false, "{h}");
    assert_eq!(h["cache"]["entries"], 0, "{h}");
}
