//! Raw file bytes → text, and text offsets → byte offsets of the original file.
//!
//! UTF-8 is used when valid, and also when the file is overwhelmingly UTF-8 with a few bad
//! bytes (each run of them becomes U+FFFD, and the places are remembered to map offsets
//! back). Anything else is decoded as Windows-1252, the usual encoding of French text saved
//! by Windows tools. Windows-1252 maps every byte to exactly one character, so the n-th
//! character of the decoded text is the n-th byte of the file.

use std::borrow::Cow;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// How much of the file start is sampled for control characters.
const BINARY_SAMPLE: usize = 8 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Utf8,
    /// UTF-8 with a few invalid bytes, each run replaced by U+FFFD.
    Utf8Lossy,
    Windows1252,
}

/// A file counts as UTF-8 with a few bad bytes when it has at least this many valid
/// multi-byte characters per run of invalid bytes (Windows-1252 French text has almost
/// none: `é` followed by a letter is not valid UTF-8).
const VALID_PER_INVALID: usize = 4;

#[derive(Debug)]
pub(crate) struct Decoded<'a> {
    /// The text, without the BOM.
    pub(crate) text: Cow<'a, str>,
    pub(crate) encoding: Encoding,
    /// Length of the stripped BOM in the original bytes.
    bom_len: usize,
    /// For [`Encoding::Utf8Lossy`]: (text offset, body offset) just after each U+FFFD.
    replaced: Vec<(usize, usize)>,
    /// For [`Encoding::Utf8Lossy`]: runs of invalid bytes replaced.
    pub(crate) invalid_runs: usize,
}

/// Decodes a file's bytes, or says why they are not text.
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded<'_>, String> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err("UTF-16 encoded; re-save it as UTF-8".to_string());
    }
    if bytes.contains(&0) {
        return Err("contains NUL bytes".to_string());
    }
    if looks_binary(&bytes[..bytes.len().min(BINARY_SAMPLE)]) {
        return Err("contains control characters".to_string());
    }
    let bom_len = if bytes.starts_with(UTF8_BOM) {
        UTF8_BOM.len()
    } else {
        0
    };
    let body = &bytes[bom_len..];
    if let Ok(text) = std::str::from_utf8(body) {
        return Ok(Decoded {
            text: Cow::Borrowed(text),
            encoding: Encoding::Utf8,
            bom_len,
            replaced: Vec::new(),
            invalid_runs: 0,
        });
    }
    if let Some(lossy) = mostly_utf8(body, bom_len) {
        return Ok(lossy);
    }
    let (text, _had_errors) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(body);
    Ok(Decoded {
        text,
        encoding: Encoding::Windows1252,
        bom_len,
        replaced: Vec::new(),
        invalid_runs: 0,
    })
}

/// UTF-8 with replacement, when valid multi-byte characters far outnumber the bad runs.
fn mostly_utf8(body: &[u8], bom_len: usize) -> Option<Decoded<'_>> {
    let mut multibyte = 0;
    let mut invalid_runs = 0;
    for chunk in body.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid_runs += usize::from(!chunk.invalid().is_empty());
    }
    if multibyte < VALID_PER_INVALID * invalid_runs {
        return None;
    }
    let mut text = String::with_capacity(body.len() + 2 * invalid_runs);
    let mut replaced = Vec::with_capacity(invalid_runs);
    let mut at = 0;
    for chunk in body.utf8_chunks() {
        text.push_str(chunk.valid());
        at += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            text.push(char::REPLACEMENT_CHARACTER);
            at += chunk.invalid().len();
            replaced.push((text.len(), at));
        }
    }
    Some(Decoded {
        text: Cow::Owned(text),
        encoding: Encoding::Utf8Lossy,
        bom_len,
        replaced,
        invalid_runs,
    })
}

/// More than 10% of control characters other than tab, line breaks, form feed and
/// escape: not something a person wrote.
fn looks_binary(sample: &[u8]) -> bool {
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
        .count();
    controls * 10 > sample.len()
}

impl Decoded<'_> {
    /// A converter from byte offsets in [`Decoded::text`] to byte offsets in the file.
    pub(crate) fn offsets(&self) -> OffsetMap<'_> {
        OffsetMap {
            decoded: self,
            byte: 0,
            chars: 0,
        }
    }
}

/// Converts text offsets to file offsets. Offsets asked in increasing order (as passage
/// spans are) cost one pass over the text in total.
pub(crate) struct OffsetMap<'a> {
    decoded: &'a Decoded<'a>,
    /// Last converted text offset, and the number of characters before it.
    byte: usize,
    chars: usize,
}

impl OffsetMap<'_> {
    /// The file offset of text offset `offset` (a char boundary of the text).
    pub(crate) fn file_offset(&mut self, offset: usize) -> usize {
        let bom = self.decoded.bom_len;
        match self.decoded.encoding {
            Encoding::Utf8 => bom + offset,
            Encoding::Utf8Lossy => {
                // The last replacement at or before `offset` fixes the shift.
                let i = self
                    .decoded
                    .replaced
                    .partition_point(|&(text, _)| text <= offset);
                match i.checked_sub(1).map(|i| self.decoded.replaced[i]) {
                    Some((text, body)) => bom + body + (offset - text),
                    None => bom + offset,
                }
            }
            Encoding::Windows1252 => {
                let text = self.decoded.text.as_ref();
                if offset < self.byte {
                    // Out of order: count again from the start.
                    self.byte = 0;
                    self.chars = 0;
                }
                let end = offset.min(text.len());
                self.chars += text.get(self.byte..end).map_or(0, |s| s.chars().count());
                self.byte = end;
                bom + self.chars
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom() {
        let bytes = b"\xEF\xBB\xBFl\xC3\xA9t\xC3\xA9";
        let d = decode(bytes).expect("text");
        assert_eq!(d.encoding, Encoding::Utf8);
        assert_eq!(d.text, "l\u{e9}t\u{e9}");
        let mut map = d.offsets();
        assert_eq!(map.file_offset(0), 3);
        assert_eq!(map.file_offset(6), 9);
    }

    #[test]
    fn windows_1252_offsets() {
        // "l’été œuvre" in Windows-1252.
        let bytes = b"l\x92\xE9t\xE9 \x9Cuvre";
        let d = decode(bytes).expect("text");
        assert_eq!(d.encoding, Encoding::Windows1252);
        assert_eq!(d.text, "l’été œuvre");
        let text = d.text.to_string();
        let mut map = d.offsets();
        let start = text.find("été").expect("found");
        let end = text.len();
        assert_eq!(map.file_offset(start), 2);
        assert_eq!(map.file_offset(end), bytes.len());
        // Out of order still works.
        assert_eq!(map.file_offset(start), 2);
    }

    #[test]
    fn windows_1252_after_a_bom() {
        let bytes = b"\xEF\xBB\xBF\xE9t\xE9";
        let d = decode(bytes).expect("text");
        assert_eq!(d.text, "été");
        let mut map = d.offsets();
        assert_eq!(map.file_offset("é".len()), 4);
    }

    #[test]
    fn one_bad_byte_in_utf8_is_replaced_not_read_as_windows_1252() {
        let text = "L’armée française a reçu l’ordre d’avancer vers la frontière.";
        let mut bytes = text.as_bytes().to_vec();
        let cut = text.find("reçu").unwrap();
        bytes.insert(cut, 0xFF);
        let d = decode(&bytes).expect("text");
        assert_eq!(d.encoding, Encoding::Utf8Lossy);
        assert_eq!(d.invalid_runs, 1);
        assert!(d.text.contains("armée") && d.text.contains("\u{FFFD}reçu"));
        let decoded = d.text.to_string();
        let mut map = d.offsets();
        let before = decoded.find("armée").unwrap();
        assert_eq!(map.file_offset(before), text.find("armée").unwrap());
        let after = decoded.find("frontière").unwrap();
        assert_eq!(map.file_offset(after), text.find("frontière").unwrap() + 1);
        assert_eq!(map.file_offset(decoded.len()), bytes.len());
    }

    #[test]
    fn windows_1252_french_stays_windows_1252() {
        let d = decode(b"L'arm\xE9e fran\xE7aise a re\xE7u l'ordre.").expect("text");
        assert_eq!(d.encoding, Encoding::Windows1252);
        assert_eq!(d.text, "L'armée française a reçu l'ordre.");
    }

    #[test]
    fn binary_is_refused() {
        assert!(decode(b"abc\0def").is_err());
        assert!(decode(b"\xFF\xFEa\0").is_err());
        assert!(decode(&[1, 2, 3, 4, 5, 6, b'a']).is_err());
        assert!(decode(b"Texte\tavec\x0Cune page\r\n").is_ok());
        assert!(decode(b"").is_ok());
    }
}
