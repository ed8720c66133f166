//! Raw file bytes → text, and text offsets → byte offsets of the original file.
//!
//! UTF-8 is used when valid; anything else is decoded as Windows-1252, the usual
//! encoding of French text saved by Windows tools. Windows-1252 maps every byte to
//! exactly one character, so the n-th character of the decoded text is the n-th byte
//! of the file, which is how passage offsets are mapped back.

use std::borrow::Cow;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// How much of the file start is sampled for control characters.
const BINARY_SAMPLE: usize = 8 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Utf8,
    Windows1252,
}

#[derive(Debug)]
pub(crate) struct Decoded<'a> {
    /// The text, without the BOM.
    pub(crate) text: Cow<'a, str>,
    pub(crate) encoding: Encoding,
    /// Length of the stripped BOM in the original bytes.
    bom_len: usize,
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
    Ok(match std::str::from_utf8(body) {
        Ok(text) => Decoded {
            text: Cow::Borrowed(text),
            encoding: Encoding::Utf8,
            bom_len,
        },
        Err(_) => {
            let (text, _had_errors) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(body);
            Decoded {
                text,
                encoding: Encoding::Windows1252,
                bom_len,
            }
        }
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
    fn binary_is_refused() {
        assert!(decode(b"abc\0def").is_err());
        assert!(decode(b"\xFF\xFEa\0").is_err());
        assert!(decode(&[1, 2, 3, 4, 5, 6, b'a']).is_err());
        assert!(decode(b"Texte\tavec\x0Cune page\r\n").is_ok());
        assert!(decode(b"").is_ok());
    }
}
