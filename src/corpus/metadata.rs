//! Article metadata found in the text: the title (first line, cleaned of navigation
//! debris), the `Source : URL` attribution line, and the publication date.

use super::dates::{self, DateKind, Day};
use super::text::{is_blank_char, loose_eq, trim_blank};

/// Breadcrumb separators of web pages (`Home » MONDE » …`).
const BREADCRUMB_SEPARATORS: [char; 2] = ['»', '›'];

/// A breadcrumb segment is at most this many words and characters.
const NAV_MAX_WORDS: usize = 3;
const NAV_MAX_CHARS: usize = 30;

/// Cleans the headline line: web breadcrumbs removed from the front, separator debris
/// (` – .`) removed from the end, surrounding blanks trimmed.
pub(crate) fn clean_title(line: &str) -> String {
    let title = strip_breadcrumbs(trim_blank(line));
    strip_trailing_debris(title).to_string()
}

/// Removes a prefix of navigation segments: `Home » MONDE » Titre` → `Titre`. A segment
/// qualifies when it is short and every word starts with a capital or digit; a `»`
/// that closes a French quotation (`« … »`) never does.
fn strip_breadcrumbs(mut s: &str) -> &str {
    while let Some(pos) = s.find(BREADCRUMB_SEPARATORS) {
        let (segment, rest) = s.split_at(pos);
        let sep_len = rest.chars().next().map_or(0, char::len_utf8);
        let rest = trim_blank(&rest[sep_len..]);
        if !is_nav_segment(segment) || rest.is_empty() {
            break;
        }
        s = rest;
    }
    s
}

fn is_nav_segment(segment: &str) -> bool {
    let segment = trim_blank(segment);
    if segment.is_empty() || segment.chars().take(NAV_MAX_CHARS + 1).count() > NAV_MAX_CHARS {
        return false;
    }
    let words: Vec<&str> = segment
        .split(is_blank_char)
        .filter(|w| !w.is_empty())
        .collect();
    words.len() <= NAV_MAX_WORDS
        && words.iter().all(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        })
        && !segment.contains(['«', '.', '!', '?', ':', ';', '"', '“'])
}

/// Removes trailing tokens made only of dashes, dots and bars, left when a site name
/// was cut off a headline (`… pour la Russie ? – .`). A dot attached to a word
/// (`renforts.`) is punctuation, not debris, and stays.
fn strip_trailing_debris(mut s: &str) -> &str {
    loop {
        s = s.trim_end_matches(is_blank_char);
        let Some((pos, c)) = s.char_indices().rev().find(|&(_, c)| is_blank_char(c)) else {
            return s;
        };
        let token = &s[pos + c.len_utf8()..];
        if token.is_empty() || !token.chars().all(is_debris_char) {
            return s;
        }
        s = &s[..pos];
    }
}

fn is_debris_char(c: char) -> bool {
    matches!(
        c,
        '-' | '–' | '—' | '‒' | '―' | '.' | '·' | '•' | '|' | '_' | '~'
    )
}

/// Whether a body line merely repeats the title (some pages print the headline twice).
pub(crate) fn repeats_title(line: &str, title: &str) -> bool {
    !title.is_empty() && loose_eq(&clean_title(line), title)
}

/// The URL of a `Source : URL` line (`Source: URL`, any case), if `line` is one.
pub(crate) fn source_url(line: &str) -> Option<&str> {
    let line = trim_blank(line);
    let head = line.get(..6)?;
    if !head.eq_ignore_ascii_case("source") {
        return None;
    }
    let rest = trim_blank(&line[6..]).strip_prefix(':')?;
    let url = trim_blank(rest);
    let is_url =
        (url.starts_with("http://") || url.starts_with("https://")) && !url.contains(is_blank_char);
    is_url.then_some(url)
}

/// Title for an article without any text line: the file name without its extension.
pub(crate) fn title_from_path(path: &str) -> String {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => name.to_string(),
    }
}

/// Lines after the title within which a date line with no word saying what it is
/// (`28/12/2024`, `Par X - 8 oct. 2024`) is the article's date: further down, a lone date
/// belongs to a comment, a teaser or a timeline.
const DATE_TOP_LINES: usize = 10;

/// Finds the article's date while the lines go by. In order of trust: a `Publié le …`
/// line anywhere, a plain date line near the top, a `Mis à jour le …` line, a date in
/// the source URL. Date lines are leftovers, never passages: [`DatePicker::see`] says
/// which lines to drop.
#[derive(Default)]
pub(crate) struct DatePicker {
    lines_seen: usize,
    published: Option<Day>,
    plain: Option<Day>,
    updated: Option<Day>,
}

impl DatePicker {
    /// Looks at the next body line; true when it is a date line (not content).
    pub(crate) fn see(&mut self, line: &str) -> bool {
        self.lines_seen += 1;
        let Some(found) = dates::date_line(line) else {
            return false;
        };
        for (day, kind) in found {
            let slot = match kind {
                DateKind::Published => &mut self.published,
                DateKind::Updated => &mut self.updated,
                DateKind::Plain if self.lines_seen <= DATE_TOP_LINES => &mut self.plain,
                DateKind::Plain => continue,
            };
            slot.get_or_insert(day);
        }
        true
    }

    /// The article's date, ISO 8601, falling back to a date in the source URL.
    pub(crate) fn finish(self, source_url: Option<&str>) -> Option<String> {
        self.published
            .or(self.plain)
            .or(self.updated)
            .or_else(|| source_url.and_then(dates::date_in_url))
            .map(Day::iso)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breadcrumbs_are_removed() {
        assert_eq!(
            clean_title("Home » MONDE » Poutine, désespéré, est obligé de demander de l’aide"),
            "Poutine, désespéré, est obligé de demander de l’aide"
        );
        assert_eq!(clean_title("Accueil › Monde › Europe › Titre"), "Titre");
        assert_eq!(clean_title("Accueil\u{a0}»\u{a0}Titre"), "Titre");
    }

    #[test]
    fn french_quotes_are_not_breadcrumbs() {
        let t = "Des « troupes du génie » nord-coréennes en Ukraine";
        assert_eq!(clean_title(t), t);
        let t = "« Escalade » majeure";
        assert_eq!(clean_title(t), t);
    }

    #[test]
    fn long_or_lowercase_segments_are_kept() {
        let t = "La guerre en Ukraine entre dans une nouvelle phase » dit-il";
        assert_eq!(clean_title(t), t);
        let t = "ukraine » titre";
        assert_eq!(clean_title(t), t);
    }

    #[test]
    fn breadcrumb_only_line_is_kept() {
        assert_eq!(clean_title("Home » MONDE"), "MONDE");
    }

    #[test]
    fn trailing_debris_is_removed() {
        assert_eq!(
            clean_title(
                "La Corée du Nord va-t-elle envoyer des soldats au front pour la Russie ? – ."
            ),
            "La Corée du Nord va-t-elle envoyer des soldats au front pour la Russie ?"
        );
        assert_eq!(clean_title("Titre -"), "Titre");
        assert_eq!(clean_title("Titre | "), "Titre");
        assert_eq!(clean_title("offre des renforts."), "offre des renforts.");
        assert_eq!(
            clean_title("Kim Jong-un – La Corée"),
            "Kim Jong-un – La Corée"
        );
        assert_eq!(clean_title("-"), "-");
    }

    #[test]
    fn repeated_title() {
        assert!(repeats_title("Home » A – b.", "A – b."));
        assert!(repeats_title("a  – B.\u{a0}", "A – b."));
        assert!(!repeats_title("A – b. Et plus.", "A – b."));
    }

    #[test]
    fn source_lines() {
        assert_eq!(
            source_url("Source : https://x.fr/a.htm"),
            Some("https://x.fr/a.htm")
        );
        assert_eq!(source_url("source: http://x.fr/"), Some("http://x.fr/"));
        assert_eq!(
            source_url("SOURCE\u{a0}:\u{a0}https://x.fr"),
            Some("https://x.fr")
        );
        assert_eq!(source_url("Source : AFP"), None);
        assert_eq!(
            source_url("Sources proches du dossier : https://x.fr"),
            None
        );
        assert_eq!(source_url("Source : https://x.fr et AFP"), None);
        assert_eq!(source_url("Sourcé"), None);
    }

    #[test]
    fn title_from_file_name() {
        assert_eq!(title_from_path("a/b/mon article.txt"), "mon article");
        assert_eq!(title_from_path("noext"), "noext");
        assert_eq!(title_from_path(".txt"), ".txt");
    }

    fn picked(lines: &[&str], url: Option<&str>) -> (Option<String>, Vec<bool>) {
        let mut picker = DatePicker::default();
        let dropped = lines.iter().map(|l| picker.see(l)).collect();
        (picker.finish(url), dropped)
    }

    #[test]
    fn published_beats_plain_beats_updated_beats_url() {
        let url = Some("https://x.fr/2020/01/02/a");
        let (date, dropped) = picked(
            &[
                "Mis à jour le 10/10/2024",
                "Un paragraphe.",
                "09/10/2024",
                "Publié le 8 octobre 2024 à 14h05",
            ],
            url,
        );
        assert_eq!(date.as_deref(), Some("2024-10-08"));
        assert_eq!(dropped, [true, false, true, true]);
        let (date, _) = picked(&["Mis à jour le 10/10/2024", "09/10/2024"], url);
        assert_eq!(date.as_deref(), Some("2024-10-09"));
        let (date, _) = picked(&["Mis à jour le 10/10/2024"], url);
        assert_eq!(date.as_deref(), Some("2024-10-10"));
        let (date, _) = picked(&["Un paragraphe."], url);
        assert_eq!(date.as_deref(), Some("2020-01-02"));
        assert_eq!(picked(&["Un paragraphe."], None).0, None);
    }

    #[test]
    fn a_lone_date_far_down_is_dropped_but_not_the_date() {
        let mut lines = vec!["Un paragraphe."; DATE_TOP_LINES];
        lines.push("28/12/2024");
        let (date, dropped) = picked(&lines, None);
        assert_eq!(date, None);
        assert_eq!(dropped.last(), Some(&true));
    }
}
