//! HTML pages: main content, metadata and text blocks with their spans in the file.
//!
//! The page is tokenized by html5gum (a WHATWG-compliant tokenizer that reports the byte
//! span of every token, which tree builders such as html5ever drop), and a small stack
//! of open elements stands in for the tree:
//! - content: the longest `<article>` (plus the rest of `<main>`) when the page has
//!   one, else `<main>`, else the whole body ([`main_content`]); never inside `nav`,
//!   `footer`, `aside`, `form` (unless the whole page is one), `script`, `style`,
//!   `figcaption` (credits) and the like ([`DROPPED`]), a `header` outside
//!   `<article>`/`<main>` (inside, it holds the headline and lead), a `hidden` element,
//!   nor one whose class or id names a comment section, a share bar, related links, a
//!   newsletter, cookie banner, byline or site chrome ([`LEFTOVER_NAMES`],
//!   [`LEFTOVER_WORDS`], `site-*`); a block that is only a `<time>` is a dateline;
//! - blocks: the text between two block-level tags (`p`, `h1`–`h6`, `li`, `blockquote`,
//!   `div`…), entities decoded and whitespace collapsed; `h1`–`h6` are headings;
//! - title: `og:title`, else `<title>` (without a ` | Site` suffix naming `og:site_name`),
//!   else the first `<h1>`; date: `article:published_time`, else the first
//!   `<time datetime>`, else JSON-LD `datePublished`; source: `<link rel=canonical>`,
//!   else `og:url`.

use html5gum::{DefaultEmitter, Token, Tokenizer};

use super::{Block, BlockBuilder, Document, absolute_url, iso_date};

/// Elements whose whole content is page furniture, not the article.
const DROPPED: &[&str] = &[
    "nav",
    "footer",
    "aside",
    "form",
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "button",
    "select",
    "textarea",
    "object",
    "canvas",
    "dialog",
    "menu",
    "figcaption",
];

/// Words in a class or id that mark page furniture (`div.article-comments`,
/// `#share-bar`, `ul.related-posts`). A class word matches when it starts with one.
const LEFTOVER_NAMES: &[&str] = &[
    "menu",
    "masthead",
    "widget",
    "byline",
    "author",
    "credit",
    "caption",
    "reply",
    "respond",
    "popular",
    "trending",
    "navigation",
    "comment",
    "share",
    "sharing",
    "social",
    "related",
    "newsletter",
    "cookie",
    "consent",
    "subscribe",
    "abonnement",
    "breadcrumb",
    "sidebar",
    "promo",
    "advert",
    "disqus",
    "outbrain",
    "taboola",
    "banner",
    "popup",
    "modal",
    "paywall",
    "recommend",
];

/// Page-wide containers: their class words describe the page (`has-sidebar`,
/// `comments-open`), not the element, so they never make it furniture.
const CONTAINERS: &[&str] = &["html", "body", "main", "article"];

/// Whole class or id words that mark page furniture (too short to match as prefixes).
const LEFTOVER_WORDS: &[&str] = &[
    "ad", "ads", "pub", "nav", "tags", "toolbar", "footer", "meta", "navbar", "topbar",
];

/// Class names of site chrome in themes that name the whole page `site-*`
/// (`site-header`, `site-info`, `site-title`), except the content wrappers.
const SITE_CONTENT: &[&str] = &["site-content", "site-main", "site-inner", "site-container"];

/// Elements that start and end a block of text.
const BLOCK_LEVEL: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "div",
    "section",
    "article",
    "main",
    "header",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "tr",
    "td",
    "th",
    "figure",
    "figcaption",
    "pre",
    "address",
    "hr",
    "body",
    "center",
    "details",
    "summary",
];

/// Start tags that close an open `<p>` (HTML's "close a p element").
const CLOSES_P: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "dl",
    "blockquote",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "nav",
    "aside",
    "table",
    "figure",
    "pre",
    "address",
    "hr",
    "form",
    "details",
];

/// Elements that never have content or an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen",
];

#[derive(Debug)]
struct Open {
    name: String,
    /// Inside page furniture: its text is not content.
    dropped: bool,
    place: Place,
    /// Inside `<head>`.
    head: bool,
}

/// Where in the page a block is: which content containers hold it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Place {
    /// Inside `<main>`.
    main: bool,
    /// Inside the n-th outermost `<article>` of the page.
    article: Option<usize>,
}

/// A block with where it was found.
struct Found {
    block: Block,
    place: Place,
}

#[derive(Default)]
struct Meta {
    og_title: Option<String>,
    title: Option<String>,
    h1: Option<String>,
    site_name: Option<String>,
    published: Option<String>,
    time: Option<String>,
    json_ld: Option<String>,
    /// Texts of `<time>` elements: a block that is only one of them is a dateline.
    times: Vec<String>,
    canonical: Option<String>,
    og_url: Option<String>,
}

/// Reads an HTML page (already decoded to text; spans are byte offsets in `text`).
pub(crate) fn read(text: &str) -> Document {
    let doc = extract(text, true);
    // Some sites wrap the whole page in one `<form>` (ASP.NET): read it again with forms kept.
    if doc.blocks.is_empty() {
        let lenient = extract(text, false);
        if !lenient.blocks.is_empty() {
            return lenient;
        }
    }
    doc
}

fn extract(text: &str, drop_forms: bool) -> Document {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    let mut stack: Vec<Open> = Vec::new();
    let mut found: Vec<Found> = Vec::new();
    let mut meta = Meta::default();
    let mut current = BlockBuilder::default();
    let mut current_heading = false;
    let mut current_place = Place::default();
    let mut articles = 0usize;
    // Text of the element being captured for metadata (`<title>`, `<h1>`, JSON-LD).
    let mut capture: Option<(Capture, String)> = None;

    let flush =
        |current: &mut BlockBuilder, heading: bool, place: Place, found: &mut Vec<Found>| {
            if let Some(block) = current.take(heading) {
                found.push(Found { block, place });
            }
        };

    for token in Tokenizer::new_with_emitter(text, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = lowercase(&tag.name);
                let attr = |key: &str| {
                    tag.attributes
                        .get(key.as_bytes())
                        .map(|v| String::from_utf8_lossy(v).into_owned())
                };
                if CLOSES_P.contains(&name.as_str()) {
                    close_in_scope(&mut stack, "p", &["table", "td", "th", "button"]);
                }
                if name == "li" {
                    close_in_scope(&mut stack, "li", &["ul", "ol"]);
                }
                if matches!(name.as_str(), "dt" | "dd") {
                    close_in_scope(&mut stack, "dt", &["dl"]);
                    close_in_scope(&mut stack, "dd", &["dl"]);
                }
                let parent = stack.last();
                let head = parent.is_some_and(|p| p.head) || name == "head";
                let dropped_above = parent.is_some_and(|p| p.dropped);
                let place_above = parent.map(|p| p.place).unwrap_or_default();
                let main_above = place_above.main || place_above.article.is_some();
                read_meta(&name, &attr, &mut meta, head || !dropped_above);
                if BLOCK_LEVEL.contains(&name.as_str()) {
                    flush(&mut current, current_heading, current_place, &mut found);
                }
                if name == "br" {
                    current.space();
                }
                if VOID.contains(&name.as_str()) || tag.self_closing {
                    continue;
                }
                let furniture = (DROPPED.contains(&name.as_str())
                    && (drop_forms || name != "form"))
                    || (name == "header" && !main_above)
                    || !CONTAINERS.contains(&name.as_str())
                        && (names_leftover(attr("class").as_deref())
                            || names_leftover(attr("id").as_deref()))
                    || attr("role").is_some_and(|r| {
                        matches!(
                            r.as_str(),
                            "navigation" | "banner" | "contentinfo" | "complementary"
                        )
                    })
                    || attr("hidden").is_some()
                    || attr("aria-hidden").as_deref() == Some("true");
                let dropped = dropped_above || furniture;
                capture = match name.as_str() {
                    "title" if (head || !dropped_above) && meta.title.is_none() => {
                        Some((Capture::Title, String::new()))
                    }
                    "h1" if !dropped && meta.h1.is_none() => Some((Capture::H1, String::new())),
                    "time" if capture.is_none() => Some((Capture::Time, String::new())),
                    "script"
                        if meta.json_ld.is_none()
                            && attr("type")
                                .is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json")) =>
                    {
                        Some((Capture::JsonLd, String::new()))
                    }
                    _ => capture,
                };
                let mut place = place_above;
                place.main |= name == "main";
                if name == "article" && place.article.is_none() {
                    place.article = Some(articles);
                    articles += 1;
                }
                stack.push(Open {
                    place,
                    name: name.clone(),
                    dropped,
                    head,
                });
                if matches!(name.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
                    current_heading = true;
                } else if BLOCK_LEVEL.contains(&name.as_str()) {
                    current_heading = false;
                }
            }
            Token::EndTag(tag) => {
                let name = lowercase(&tag.name);
                if let Some((kind, captured)) = capture.take() {
                    if kind.ends_at(&name) {
                        kind.store(captured, &mut meta);
                    } else {
                        capture = Some((kind, captured));
                    }
                }
                if BLOCK_LEVEL.contains(&name.as_str()) {
                    flush(&mut current, current_heading, current_place, &mut found);
                    current_heading = false;
                }
                if name == "br" {
                    current.space();
                    continue;
                }
                close_in_scope(&mut stack, &name, &[]);
            }
            Token::String(s) => {
                let piece = String::from_utf8_lossy(&s.value);
                if let Some((_, captured)) = capture.as_mut() {
                    captured.push_str(&piece);
                }
                // Text before any tag is body text (the tags are optional in HTML).
                let (dropped, head, place) = stack
                    .last()
                    .map_or((false, false, Place::default()), |top| {
                        (top.dropped, top.head, top.place)
                    });
                if dropped || head {
                    continue;
                }
                if current.is_empty() {
                    current_place = place;
                }
                current.push(&piece, text, s.span.start, s.span.end);
            }
            Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
        }
    }
    flush(&mut current, current_heading, current_place, &mut found);

    let mut blocks = main_content(found);
    // A date alone in its block (`<time>8 octobre 2024</time>`) is metadata, not content.
    blocks.retain(|b| !meta.times.contains(&b.text));
    Document {
        title: meta.title(),
        date: meta
            .published
            .as_deref()
            .and_then(iso_date)
            .or_else(|| meta.time.as_deref().and_then(iso_date))
            .or_else(|| meta.json_ld.as_deref().and_then(json_ld_date)),
        source_url: meta.canonical.or(meta.og_url),
        blocks,
    }
}

/// The blocks of the main content. The article is the outermost `<article>` with the
/// most text (others are teasers of other articles); with a `<main>`, its blocks outside
/// any article (a headline or lead placed before the `<article>`) are kept too; with
/// neither, every block of the body.
fn main_content(found: Vec<Found>) -> Vec<Block> {
    let mut sizes: Vec<usize> = Vec::new();
    for f in &found {
        if let Some(n) = f.place.article {
            if sizes.len() <= n {
                sizes.resize(n + 1, 0);
            }
            sizes[n] += f.block.text.len();
        }
    }
    // The first of equally long articles wins.
    let article = (0..sizes.len()).rev().max_by_key(|&n| sizes[n]);
    let has_main = found.iter().any(|f| f.place.main);
    found
        .into_iter()
        .filter(|f| match (f.place.article, article) {
            (Some(n), Some(chosen)) => n == chosen,
            (None, Some(_)) => has_main && f.place.main,
            (_, None) => f.place.main || !has_main,
        })
        .map(|f| f.block)
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Capture {
    Title,
    H1,
    Time,
    JsonLd,
}

impl Capture {
    fn ends_at(self, end_tag: &str) -> bool {
        match self {
            Capture::Title => end_tag == "title",
            Capture::H1 => end_tag == "h1",
            Capture::Time => end_tag == "time",
            Capture::JsonLd => end_tag == "script",
        }
    }

    fn store(self, text: String, meta: &mut Meta) {
        let collapsed = collapse(&text);
        match self {
            Capture::Title => meta.title = Some(collapsed).filter(|t| !t.is_empty()),
            Capture::H1 => meta.h1 = Some(collapsed).filter(|t| !t.is_empty()),
            Capture::Time => meta.times.push(collapsed),
            Capture::JsonLd => meta.json_ld = Some(text),
        }
    }
}

impl Meta {
    fn title(&self) -> Option<String> {
        let title = self.title.as_deref().map(|t| {
            let named = self
                .site_name
                .as_deref()
                .map_or(t, |site| strip_site_suffix(t, site));
            match &self.h1 {
                // `Titre | Le magazine du climat` with `<h1>Titre</h1>`: the suffix is the
                // site's, even when `og:site_name` does not name it.
                Some(h1) if named.len() == t.len() && is_headline_then_suffix(t, h1) => h1.as_str(),
                _ => named,
            }
        });
        self.og_title
            .clone()
            .or_else(|| title.map(str::to_string))
            .or_else(|| self.h1.clone())
            .filter(|t| !t.is_empty())
    }
}

/// Whether `title` is `headline` followed by a separator and more (a site's name).
fn is_headline_then_suffix(title: &str, headline: &str) -> bool {
    title.strip_prefix(headline).is_some_and(|rest| {
        [" | ", " - ", " – ", " — ", " · "]
            .iter()
            .any(|sep| rest.starts_with(sep) && rest.len() > sep.len())
    })
}

/// `Titre | Le Site` → `Titre` when `Le Site` is the site's name.
fn strip_site_suffix<'a>(title: &'a str, site: &str) -> &'a str {
    for sep in [" | ", " - ", " – ", " — ", " : "] {
        if let Some((head, tail)) = title.rsplit_once(sep)
            && tail.trim().eq_ignore_ascii_case(site.trim())
            && !head.trim().is_empty()
        {
            return head.trim();
        }
    }
    title
}

/// Reads the metadata a start tag carries. `content_side`: the tag is in the head or
/// in content (a `<time>` in a related-articles list dates another article).
fn read_meta(
    name: &str,
    attr: &dyn Fn(&str) -> Option<String>,
    meta: &mut Meta,
    content_side: bool,
) {
    match name {
        "meta" => {
            let key = attr("property")
                .or_else(|| attr("name"))
                .or_else(|| attr("itemprop"))
                .map(|k| k.to_ascii_lowercase());
            let Some(content) = attr("content") else {
                return;
            };
            let content = collapse(&content);
            if content.is_empty() {
                return;
            }
            let slot = match key.as_deref() {
                Some("og:title") => &mut meta.og_title,
                Some("og:site_name") => &mut meta.site_name,
                Some("article:published_time" | "datepublished" | "date" | "dc.date") => {
                    &mut meta.published
                }
                Some("og:url") => {
                    if meta.og_url.is_none() {
                        meta.og_url = absolute_url(&content);
                    }
                    return;
                }
                _ => return,
            };
            slot.get_or_insert(content);
        }
        "link" => {
            let canonical = attr("rel").is_some_and(|rel| {
                rel.split_ascii_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("canonical"))
            });
            if canonical && meta.canonical.is_none() {
                meta.canonical = attr("href").as_deref().and_then(absolute_url);
            }
        }
        "time" if content_side && meta.time.is_none() => {
            meta.time = attr("datetime").filter(|d| iso_date(d).is_some());
        }
        _ => {}
    }
}

/// The first `datePublished` anywhere in a JSON-LD script (objects, arrays, `@graph`).
fn json_ld_date(script: &str) -> Option<String> {
    fn find(v: &serde_json::Value) -> Option<String> {
        match v {
            serde_json::Value::Object(map) => map
                .get("datePublished")
                .and_then(|d| d.as_str())
                .and_then(iso_date)
                .or_else(|| map.values().find_map(find)),
            serde_json::Value::Array(items) => items.iter().find_map(find),
            _ => None,
        }
    }
    let value: serde_json::Value = serde_json::from_str(script.trim()).ok()?;
    find(&value)
}

/// Whether a class or id attribute names page furniture.
fn names_leftover(value: Option<&str>) -> bool {
    value.is_some_and(|v| {
        v.split_ascii_whitespace()
            .any(|class| class_is_furniture(&class.to_ascii_lowercase()))
    })
}

/// One lowercased class name: `article-comments`, `share_bar`, `site-info` are
/// furniture; `has-comments` or `no-sidebar` tell a state, not what the element is.
fn class_is_furniture(class: &str) -> bool {
    const STATE_PREFIXES: [&str; 6] = ["has-", "no-", "is-", "with-", "show-", "enable-"];
    if STATE_PREFIXES.iter().any(|p| class.starts_with(p)) {
        return false;
    }
    if class.starts_with("site-") && !SITE_CONTENT.contains(&class) {
        return true;
    }
    class
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .any(|word| {
            LEFTOVER_NAMES.iter().any(|n| word.starts_with(n)) || LEFTOVER_WORDS.contains(&word)
        })
}

/// Pops the open elements down to and including the nearest `name`, unless one of
/// `boundaries` is open above it (a `<li>` closes the item of its own list only).
fn close_in_scope(stack: &mut Vec<Open>, name: &str, boundaries: &[&str]) {
    for pos in (0..stack.len()).rev() {
        let open = stack[pos].name.as_str();
        if open == name {
            stack.truncate(pos);
            return;
        }
        if boundaries.contains(&open) {
            return;
        }
    }
}

fn lowercase(name: &[u8]) -> String {
    String::from_utf8_lossy(name).to_ascii_lowercase()
}

fn collapse(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(html: &str) -> Vec<(String, bool)> {
        read(html)
            .blocks
            .into_iter()
            .map(|b| (b.text, b.heading))
            .collect()
    }

    fn body(html: &str) -> Vec<String> {
        blocks(html).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn implied_ends_and_inline_markup() {
        let got = body(
            "<body><p>Un <em>mot</em>&#160;ici<p>Deux<br>lignes<ul><li>a<li>b<ul><li>c</ul><li>d</ul>\
             <div>Texte libre <span>dans un div</span><p>puis un p</div>",
        );
        assert_eq!(
            got,
            [
                "Un mot ici",
                "Deux lignes",
                "a",
                "b",
                "c",
                "d",
                "Texte libre dans un div",
                "puis un p"
            ]
        );
    }

    #[test]
    fn a_page_wrapped_in_a_form_is_still_read() {
        let html = "<body><form id='aspnetForm'><div class='nav'>Menu</div>\
            <div id='texte'><p>Le vrai texte.</p></div></form></body>";
        assert_eq!(body(html), ["Le vrai texte."]);
        assert_eq!(
            body("<p>Avant.</p><form><p>Un champ</p></form>"),
            ["Avant."]
        );
    }

    #[test]
    fn headings_are_marked() {
        assert_eq!(
            blocks("<h2>Une <b>section</b></h2><p>Corps.</p>"),
            [
                ("Une section".to_string(), true),
                ("Corps.".to_string(), false)
            ]
        );
    }

    #[test]
    fn furniture_is_dropped_and_article_preferred() {
        let html = "<body><nav>Menu</nav><div class='x-social-links'>Suivez-nous</div>\
            <article><p>Contenu.</p><div id='disqus_thread'><p>Un avis</p></div></article>\
            <p>Hors article</p><script>var x = '<p>non</p>';</script></body>";
        assert_eq!(body(html), ["Contenu."]);
        let html = "<div class='post'><p>Seul contenu.</p></div><footer>Bas</footer>\
            <div class=\"Newsletter-box\">Inscrivez-vous</div><style>p{}</style>";
        assert_eq!(body(html), ["Seul contenu."]);
    }

    #[test]
    fn the_longest_article_wins_over_teasers() {
        let html = "<body class='single has-sidebar comments-open'><main>\
            <header><h1>Titre</h1><p>Le chapeau.</p></header>\
            <article class='post hentry'><p>Un long corps d’article, le vrai.</p><p>Suite.</p></article>\
            <article><p>Autre sujet</p></article></main>\
            <article><p>Encore une vignette</p></article></body>";
        assert_eq!(
            body(html),
            [
                "Titre",
                "Le chapeau.",
                "Un long corps d’article, le vrai.",
                "Suite."
            ]
        );
    }

    #[test]
    fn class_words_match_whole_word_prefixes() {
        assert!(names_leftover(Some("c-byline")));
        assert!(names_leftover(Some("block ad")));
        assert!(!names_leftover(Some("has-comments no-sidebar")));
        assert!(!names_leftover(Some("adresse heading")));
        assert!(names_leftover(Some("article-comments")));
        assert!(names_leftover(Some("share_bar big")));
        assert!(names_leftover(Some("RelatedPosts")));
        assert!(!names_leftover(Some("article-body")));
        assert!(!names_leftover(Some("nosharing-here")));
        assert!(!names_leftover(None));
    }

    #[test]
    fn title_fallbacks() {
        let doc = read(
            "<head><title>Un titre | Le Site</title><meta property='og:site_name' content='Le Site'></head><h1>Autre</h1>",
        );
        assert_eq!(doc.title.as_deref(), Some("Un titre"));
        let doc = read("<title>Un titre | Ailleurs</title>");
        assert_eq!(doc.title.as_deref(), Some("Un titre | Ailleurs"));
        // The page's headline names where the site's suffix starts.
        let doc = read("<title>Un titre | Le magazine du climat</title><h1>Un titre</h1>");
        assert_eq!(doc.title.as_deref(), Some("Un titre"));
        let doc = read("<title>Un titre</title><h1>Un titre</h1>");
        assert_eq!(doc.title.as_deref(), Some("Un titre"));
        let doc = read("<body><h1> Le <i>vrai</i> titre </h1></body>");
        assert_eq!(doc.title.as_deref(), Some("Le vrai titre"));
        assert_eq!(read("<p>rien</p>").title, None);
    }

    #[test]
    fn dates_and_sources() {
        let doc = read(
            "<p>Texte.</p><time datetime='2022-08-05'>hier</time><p>Le <time>5 août</time> au soir.</p><script type='application/ld+json'>\
             {\"@graph\": [{\"datePublished\": \"2021-01-02\"}]}</script>\
             <meta property='og:url' content='https://ex.fr/a'>",
        );
        assert_eq!(doc.date.as_deref(), Some("2022-08-05"));
        assert_eq!(doc.source_url.as_deref(), Some("https://ex.fr/a"));
        let texts: Vec<&str> = doc.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["Texte.", "Le 5 août au soir."]);
        let doc = read(
            "<script type='application/ld+json'>[{\"@type\": \"NewsArticle\", \"datePublished\": \"2021-01-02T10:00:00Z\"}]</script>\
             <link rel='canonical' href='/relatif'>",
        );
        assert_eq!(doc.date.as_deref(), Some("2021-01-02"));
        assert_eq!(doc.source_url, None);
        assert_eq!(
            read("<script type='application/ld+json'>{pas du json</script>").date,
            None
        );
    }

    #[test]
    fn any_input_gives_spans_inside_the_text() {
        let pieces = [
            "<p>",
            "</p>",
            "<div class='comment'>",
            "</div>",
            "é",
            "&eacute;",
            "&",
            "<",
            ">",
            "<!--",
            "-->",
            "<script>",
            "</script>",
            "<h2>",
            "</h2>",
            "\u{a0}",
            " ",
            "<br/>",
            "<article>",
            "&#x1F600;",
            "<li>",
            "<title>",
            "</title",
            "\"",
            "'",
            "<p class='a",
            "x",
        ];
        let mut seed = 7u64;
        for _ in 0..400 {
            let mut html = String::new();
            for _ in 0..40 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                html.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            for b in read(&html).blocks {
                assert!(
                    html.get(b.start..b.end).is_some(),
                    "{html:?} {}..{}",
                    b.start,
                    b.end
                );
                assert!(!b.text.is_empty());
            }
        }
    }

    #[test]
    fn large_page_is_linear() {
        let page = "<html><body><article>".to_string()
            + &"<p>Un paragraphe <b>assez</b> long pour peser.</p>\n".repeat(20_000)
            + "</article></body></html>";
        let started = std::time::Instant::now();
        let doc = read(&page);
        assert_eq!(doc.blocks.len(), 20_000);
        eprintln!(
            "{} MB of HTML read in {:?}",
            page.len() / 1_000_000,
            started.elapsed()
        );
    }
}
