//! Random byte flips in a built index of the sample corpus: opening and searching it never
//! panic, and every passage shown is exactly the one indexed (same text, offsets, title).
#![no_main]

use std::collections::HashMap;
use std::fs;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use fouille::index::{self, RefreshOptions};
use fouille::search::{Engine, SearchOptions};
use libfuzzer_sys::fuzz_target;

const QUERIES: &[&str] = &["Koursk", "troupes du génie", "la guerre", "\"soldats nord-coréens\""];

type Shown = HashMap<(String, u64), (String, u64, u64, String)>;

struct Pristine {
    dir: PathBuf,
    files: Vec<(PathBuf, u64)>,
    hits: Shown,
}

fn shown(engine: &Engine) -> Option<Shown> {
    let options = SearchOptions {
        limit: 50,
        ..SearchOptions::default()
    };
    let mut all = Shown::new();
    for q in QUERIES {
        let r = engine.search(q, &options).ok()?;
        for h in r.hits {
            all.insert((h.doc, h.passage), (h.text, h.start, h.end, h.title));
        }
    }
    Some(all)
}

fn pristine() -> &'static Pristine {
    static P: OnceLock<Pristine> = OnceLock::new();
    P.get_or_init(|| {
        let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../corpus");
        let dir = std::env::temp_dir().join(format!("fouille-fuzz-damage-{}", std::process::id()));
        let options = RefreshOptions {
            full: true,
            threads: 1,
            memory_budget: 20 << 20,
        };
        index::refresh(&corpus, &dir, &options, &mut |_| {}).expect("index the sample corpus");
        let mut files: Vec<(PathBuf, u64)> = fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| (e.path(), e.metadata().unwrap().len()))
            .filter(|(p, len)| *len > 0 && !p.to_string_lossy().ends_with("lock"))
            .collect();
        files.sort();
        let hits = shown(&Engine::open(&dir).unwrap()).unwrap();
        Pristine { dir, files, hits }
    })
}

fn patch(path: &Path, at: u64, byte: u8) -> u8 {
    let mut f = fs::OpenOptions::new().read(true).write(true).open(path).unwrap();
    let mut old = [0u8];
    f.seek(SeekFrom::Start(at)).unwrap();
    f.read_exact(&mut old).unwrap();
    f.seek(SeekFrom::Start(at)).unwrap();
    f.write_all(&[byte]).unwrap();
    old[0]
}

fuzz_target!(|data: &[u8]| {
    let p = pristine();
    // Each 6 bytes: file, offset (4 bytes), xor mask.
    let mut undo = Vec::new();
    for chunk in data.chunks_exact(6).take(4) {
        let (path, len) = &p.files[usize::from(chunk[0]) % p.files.len()];
        let at = u64::from(u32::from_le_bytes([chunk[1], chunk[2], chunk[3], chunk[4]])) % len;
        let mask = chunk[5].max(1);
        let old = patch(path, at, 0);
        patch(path, at, old ^ mask);
        undo.push((path.clone(), at, old));
    }
    if let Ok(engine) = Engine::open(&p.dir) {
        let options = SearchOptions {
            limit: 50,
            ..SearchOptions::default()
        };
        for q in QUERIES {
            // An error (damage detected) is fine; a wrong passage is not.
            if let Ok(r) = engine.search(q, &options) {
                for h in r.hits {
                    if let Some(want) = p.hits.get(&(h.doc.clone(), h.passage)) {
                        let got = (h.text, h.start, h.end, h.title);
                        assert_eq!(&got, want, "altered passage {}#{}", h.doc, h.passage);
                    }
                }
            }
        }
    }
    for (path, at, old) in undo.into_iter().rev() {
        patch(&path, at, old);
    }
});
