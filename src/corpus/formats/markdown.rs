//! Markdown articles: front matter, then CommonMark rendered to plain text.
//!
//! - front matter: a block between `---` lines (or `+++`, TOML-style `key = "value"`)
//!   at the very top, read as simple `key: value` lines (`title`, `date`,
//!   `source`/`url`/`canonical`), quotes removed; nothing else of YAML is needed for
//!   these keys, so no YAML parser;
//! - blocks: paragraphs, headings, list items, quotes, code blocks, rendered by
//!   pulldown-cmark to their text: no `#`, `*`, link targets or images;
//!   `#`–`######` headings are headings;
//! - title: the front matter's, else the first heading;
//! - spans: from the first to the last character of the block's text in the file
//!   (inline markup in between included, the `# ` or `- ` marker before it not).

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{BlockBuilder, Document, absolute_url, iso_date};

/// Reads a Markdown file (decoded text; spans are byte offsets in `text`).
pub(crate) fn read(text: &str) -> Document {
    let (front, body_start) = front_matter(text);
    let mut doc = Document::default();
    for (key, value) in front {
        match key.as_str() {
            "title" if doc.title.is_none() && !value.is_empty() => doc.title = Some(value),
            "date" | "published" | "datepublished" if doc.date.is_none() => {
                doc.date = iso_date(&value);
            }
            "source" | "url" | "canonical" | "link" if doc.source_url.is_none() => {
                doc.source_url = absolute_url(&value);
            }
            _ => {}
        }
    }

    let body = &text[body_start..];
    let mut current = BlockBuilder::default();
    let mut heading = false;
    let mut in_image = 0usize;
    let mut first_heading: Option<String> = None;
    let options =
        Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let (start, end) = (range.start + body_start, range.end + body_start);
        match event {
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Start(tag) if starts_block(&tag) => {
                push_block(&mut current, heading, &mut doc, &mut first_heading);
                heading = matches!(tag, Tag::Heading { .. });
            }
            Event::End(tag) if ends_block(tag) => {
                push_block(&mut current, heading, &mut doc, &mut first_heading);
                heading = false;
            }
            Event::Text(t) | Event::Code(t) if in_image == 0 => {
                current.push(&t, text, start, end);
            }
            Event::SoftBreak | Event::HardBreak => current.space(),
            _ => {}
        }
    }
    push_block(&mut current, heading, &mut doc, &mut first_heading);
    if doc.title.is_none() {
        doc.title = first_heading;
    }
    doc
}

fn push_block(
    current: &mut BlockBuilder,
    heading: bool,
    doc: &mut Document,
    first_heading: &mut Option<String>,
) {
    if let Some(block) = current.take(heading) {
        if heading && first_heading.is_none() {
            *first_heading = Some(block.text.clone());
        }
        doc.blocks.push(block);
    }
}

fn starts_block(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::Item
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::List(_)
            | Tag::Table(_)
            | Tag::TableRow
            | Tag::TableHead
            | Tag::FootnoteDefinition(_)
    )
}

fn ends_block(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::BlockQuote(_)
            | TagEnd::CodeBlock
            | TagEnd::List(_)
            | TagEnd::Table
            | TagEnd::TableRow
            | TagEnd::TableHead
            | TagEnd::FootnoteDefinition
    )
}

/// The `key: value` pairs of a front matter block (keys lowercased) and where the body
/// starts: YAML-style between `---` lines, or TOML-style `key = "value"` between `+++`
/// lines. Without a closed block at the top, no pairs and the body is everything.
fn front_matter(text: &str) -> (Vec<(String, String)>, usize) {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[bom..];
    let Some((fence, separator)) = [("---", ':'), ("+++", '=')]
        .into_iter()
        .find(|(fence, _)| first_line(rest) == *fence)
    else {
        return (Vec::new(), 0);
    };
    let open_len = rest.find('\n').map_or(rest.len(), |n| n + 1);
    let mut pairs = Vec::new();
    let mut offset = bom + open_len;
    for line in rest[open_len..].split_inclusive('\n') {
        offset += line.len();
        let trimmed = line.trim();
        if trimmed == fence || (fence == "---" && trimmed == "...") {
            return (pairs, offset);
        }
        if let Some((key, value)) = trimmed.split_once(separator) {
            let value = strip_quotes(value.trim());
            pairs.push((key.trim().to_ascii_lowercase(), value.to_string()));
        }
    }
    (Vec::new(), 0)
}

fn first_line(text: &str) -> &str {
    text.split('\n').next().unwrap_or("").trim_end()
}

fn strip_quotes(v: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(q).and_then(|v| v.strip_suffix(q)) {
            return inner;
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_and_plain_text_blocks() {
        let text = "---\ntitle: \"Un titre\"\ndate: 2024-10-08\nsource: https://exemple.fr/a\n---\n\
            # Le grand titre\n\nUn **mot** et un [lien](https://x.fr) ![photo](p.jpg).\n\n\
            ## Une section\n\n- premier point\n- second *point*\n";
        let doc = read(text);
        assert_eq!(doc.title.as_deref(), Some("Un titre"));
        assert_eq!(doc.date.as_deref(), Some("2024-10-08"));
        assert_eq!(doc.source_url.as_deref(), Some("https://exemple.fr/a"));
        let got: Vec<(&str, bool)> = doc
            .blocks
            .iter()
            .map(|b| (b.text.as_str(), b.heading))
            .collect();
        assert_eq!(
            got,
            [
                ("Le grand titre", true),
                ("Un mot et un lien .", false),
                ("Une section", true),
                ("premier point", false),
                ("second point", false),
            ]
        );
        assert_eq!(
            &text[doc.blocks[1].start..doc.blocks[1].end],
            "Un **mot** et un [lien](https://x.fr) ![photo](p.jpg)."
        );
        assert_eq!(
            &text[doc.blocks[4].start..doc.blocks[4].end],
            "second *point"
        );
    }

    #[test]
    fn toml_front_matter() {
        let text =
            "+++\r\ntitle = 'Titre TOML'\r\ndate = 2023-05-04T08:00:00Z\r\n+++\r\nCorps.\r\n";
        let doc = read(text);
        assert_eq!(doc.title.as_deref(), Some("Titre TOML"));
        assert_eq!(doc.date.as_deref(), Some("2023-05-04"));
        assert_eq!(doc.blocks.len(), 1);
        assert_eq!(&text[doc.blocks[0].start..doc.blocks[0].end], "Corps.");
    }

    #[test]
    fn no_front_matter() {
        let doc = read("Titre\n=====\n\nTexte.\n---\nsuite: non\n");
        assert_eq!(doc.title.as_deref(), Some("Titre"));
        assert_eq!(doc.date, None);
        assert_eq!(doc.blocks[1].text, "Texte.");
        let (pairs, start) = front_matter("---\ntitle: jamais fermé\n");
        assert!(pairs.is_empty());
        assert_eq!(start, 0);
    }

    #[test]
    fn any_input_gives_spans_inside_the_text() {
        let pieces = [
            "# ",
            "## ",
            "\n",
            "\n\n",
            "- ",
            "> ",
            "*",
            "**",
            "[",
            "](",
            ")",
            "![",
            "`",
            "```\n",
            "é",
            "&amp;",
            "<div>",
            "---\n",
            "titre: x\n",
            "\r\n",
            "1. ",
            "    ",
            "\\",
            "|",
            "ß",
        ];
        let mut seed = 11u64;
        for _ in 0..400 {
            let mut md = String::new();
            for _ in 0..40 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                md.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            for b in read(&md).blocks {
                assert!(
                    md.get(b.start..b.end).is_some(),
                    "{md:?} {}..{}",
                    b.start,
                    b.end
                );
                assert!(b.start <= b.end && !b.text.is_empty());
            }
        }
    }
}
