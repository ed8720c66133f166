//! Any bytes as an article file → decode + parse: no panic, every passage span inside the
//! file, in order, and (plain-text reader) each passage's text drawn from its span.
#![no_main]

use std::path::PathBuf;

use fouille::corpus::{CorpusFile, load_bytes, parse_article};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let file = CorpusFile {
        path: PathBuf::from("fuzz.txt"),
        rel: "fuzz.txt".into(),
        size: data.len() as u64,
        mtime_ns: 0,
    };
    let Ok(loaded) = load_bytes(&file, data) else {
        return;
    };
    // A `.txt` starting like an HTML page (`<html`, `<!DOCTYPE html`) is read as HTML,
    // where inline markup inside a word is dropped (`leu<b></b>rs` reads `leurs`): the
    // first-word check below holds for the plain-text reader only.
    let plain_text = data.is_ascii()
        && std::str::from_utf8(data)
            .is_ok_and(|text| parse_article("fuzz.txt", text).passages == loaded.article.passages);
    let mut previous_end = 0;
    for p in &loaded.article.passages {
        assert!(
            p.start <= p.end && p.end <= data.len(),
            "span {}..{} of {}",
            p.start,
            p.end,
            data.len()
        );
        assert!(p.start >= previous_end, "passages overlap");
        previous_end = p.end;
        assert!(!p.text.is_empty());
        // The passage's first word comes from its span (decoding may change the bytes of
        // accented letters, so compare the ASCII words only).
        if let Some(word) = p.text.split_whitespace().next().filter(|w| w.is_ascii())
            && plain_text
        {
            let span = &data[p.start..p.end];
            assert!(
                span.windows(word.len()).any(|w| w == word.as_bytes()),
                "{word:?} not in its span"
            );
        }
    }
});
