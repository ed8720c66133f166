//! Arbitrary bytes → query (UTF-8, lossy) → parse + search + highlight on the sample corpus.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use fouille::index::{self, RefreshOptions};
use fouille::search::{Engine, SearchError, SearchOptions, query};
use libfuzzer_sys::fuzz_target;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../corpus");
        let dir = std::env::temp_dir().join(format!("fouille-fuzz-index-{}", std::process::id()));
        let options = RefreshOptions {
            full: true,
            threads: 1,
            memory_budget: 20 << 20,
        };
        index::refresh(&corpus, &dir, &options, &mut |_| {}).expect("index the sample corpus");
        Engine::open(&dir).expect("open the index")
    })
}

fuzz_target!(|data: &[u8]| {
    let (limit_byte, rest) = data.split_first().map_or((10, data), |(b, r)| (*b, r));
    let text = String::from_utf8_lossy(rest);
    let _ = query::parse(&text);
    let options = SearchOptions {
        limit: match limit_byte % 4 {
            0 => 0,
            1 => 1,
            2 => 10,
            _ => 1_000_000_000,
        },
        per_article: (limit_byte & 0x10 != 0).then_some(usize::from(limit_byte >> 5)),
        highlight: true,
        ..SearchOptions::default()
    };
    match engine().search(&text, &options) {
        Ok(r) => {
            for h in &r.hits {
                for [s, e] in &h.highlights {
                    assert!(
                        s < e && *e <= h.text.len(),
                        "highlight {s}..{e} outside the passage"
                    );
                    assert!(h.text.is_char_boundary(*s) && h.text.is_char_boundary(*e));
                }
            }
        }
        Err(SearchError::Query(_)) => {}
        Err(e) => panic!("query {text:?}: {e}"),
    }
});
