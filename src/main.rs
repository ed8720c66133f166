//! The `fouille` command: parses flags and calls the library.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand};

use fouille::bench::{self, BenchOptions};
use fouille::config::Config;
use fouille::index::{self, RefreshOptions};
use fouille::output::{self, ColorChoice, Marks, TextStyle};
use fouille::search::{Engine, SearchError, SearchOptions, SearchResults, SortOrder};
use fouille::{eval, export, inspect};

/// mimalloc rather than the system allocator: a search allocates and frees many small
/// buffers (terms, scorers, token texts, the answer), and under `fouille serve` glibc's
/// malloc/free were ~14–18 % of the CPU.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `fouille --version`: the release and the index format it reads and writes.
static VERSION: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "{} (index format {})",
        env!("CARGO_PKG_VERSION"),
        index::SCHEMA_VERSION
    )
});

#[derive(Parser)]
#[command(
    name = "fouille",
    version = VERSION.as_str(),
    about = "French-aware full-text search over a folder of articles",
    after_help = "Defaults for --corpus, --index, --limit, --color, --synonyms can be set in fouille.toml \
(in the corpus folder or ~/.config/fouille/); flags win."
)]
struct Cli {
    /// When to colour the output: auto (a terminal without NO_COLOR), always, never.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Wrap text output at N columns (0: never) [default: the terminal's width; no wrapping when piped].
    #[arg(long, global = true, value_name = "N")]
    width: Option<usize>,
    /// Read defaults from this file instead of ~/.config/fouille/fouille.toml.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

/// Where the articles and the index live (shared by every command).
#[derive(clap::Args, Clone)]
struct Paths {
    /// Folder of .txt articles (searched recursively).
    #[arg(long, default_value = "corpus", value_name = "DIR")]
    corpus: PathBuf,
    /// Folder of the index (built on first use) [default: .fouille inside the corpus].
    #[arg(long, value_name = "DIR")]
    index: Option<PathBuf>,
    /// Name variants applied to queries, one group per line [default: ./synonyms.txt if
    /// present, else the built-in list].
    #[arg(long, value_name = "FILE")]
    synonyms: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Build or update the index from the corpus (only changed articles are re-analysed).
    Index {
        #[command(flatten)]
        paths: Paths,
        /// Rebuild everything from scratch.
        #[arg(long)]
        full: bool,
        /// Only verify the index (every file's checksum, every passage's); change nothing.
        #[arg(long, conflicts_with = "full")]
        check: bool,
    },
    /// Search the corpus; the index is built or refreshed first if needed.
    Search {
        /// The query: words, "exact phrase", +required, -excluded or NOT word, a OR b, prefix*,
        /// title:word (an unquoted -word may come last: `search soldats -Trump`).
        #[arg(required = true, num_args = 1.., value_name = "QUERY")]
        query: Vec<String>,
        #[command(flatten)]
        paths: Paths,
        /// Number of passages to show.
        #[arg(long, short = 'n', default_value_t = 10)]
        limit: usize,
        /// At most N passages per article.
        #[arg(long, value_name = "N")]
        per_article: Option<usize>,
        /// Print JSON (the contract in README.md).
        #[arg(long)]
        json: bool,
        /// Do not check the index against the corpus (for very large corpora).
        #[arg(long)]
        no_refresh: bool,
        /// Only articles dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(long, value_name = "DATE", value_parser = parse_since)]
        since: Option<u64>,
        /// Only articles dated on or before DATE, the whole period included (`2024` ends
        /// on 2024-12-31).
        #[arg(long, value_name = "DATE", value_parser = parse_until)]
        until: Option<u64>,
        /// Order of the hits: `relevance`, or `date` (newest first, then by relevance).
        #[arg(long, value_enum, default_value_t = Sort::Relevance)]
        sort: Sort,
        /// Skip the first N hits (paging: `--offset 10` shows hits 11 to 20).
        #[arg(long, value_name = "N", default_value_t = 0)]
        offset: usize,
        /// Print how many passages match in each article (`path:count`), like `rg -c`.
        #[arg(long, short = 'c', conflicts_with = "files_with_matches")]
        count: bool,
        /// Print only the paths of the matching articles, best first, like `rg -l`.
        #[arg(long, short = 'l')]
        files_with_matches: bool,
        /// Show N passages of context before and after each hit.
        #[arg(long, short = 'C', value_name = "N", default_value_t = 0)]
        context: usize,
    },
    /// List the indexed articles: path, date, site, passages, title.
    List {
        #[command(flatten)]
        paths: Paths,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// Do not check the index against the corpus first.
        #[arg(long)]
        no_refresh: bool,
    },
    /// What the index holds: articles, passages, size, segments, last refresh, skipped files.
    Stats {
        #[command(flatten)]
        paths: Paths,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// Do not check the index against the corpus first.
        #[arg(long)]
        no_refresh: bool,
    },
    /// An article's passages as fouille indexed them (DOC: its path, `path:line`, or a unique prefix).
    Show {
        #[arg(value_name = "DOC")]
        doc: String,
        #[command(flatten)]
        paths: Paths,
        /// Also show the lines of the file left out of the passages (title, source line,
        /// headings, leftovers of the web page), where they stand and why.
        #[arg(long)]
        all: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// Do not check the index against the corpus first.
        #[arg(long)]
        no_refresh: bool,
    },
    /// How a text is analysed: tokens as indexed and as queried (no index needed).
    Analyze {
        #[arg(required = true, num_args = 1.., value_name = "TEXT")]
        text: Vec<String>,
        /// Name variants to show for the query words [default: ./synonyms.txt if present, else built in].
        #[arg(long, value_name = "FILE")]
        synonyms: Option<PathBuf>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write every indexed passage as one JSON object per line (id, doc, title, text, start,
    /// end, passage, line, heading, date, source), for other engines to index the same passages.
    Export {
        #[command(flatten)]
        paths: Paths,
        /// JSON lines (the only format).
        #[arg(long, required = true)]
        jsonl: bool,
        /// Write to FILE instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        /// Do not check the index against the corpus first.
        #[arg(long)]
        no_refresh: bool,
    },
    /// Print a shell completion script: `fouille completions bash > ~/.local/share/bash-completion/completions/fouille`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): `fouille man > ~/.local/share/man/man1/fouille.1`.
    Man,
    /// Measure ranking quality on a judged query set: nDCG@10, MRR, P@1.
    Eval {
        #[command(flatten)]
        paths: Paths,
        /// Judged queries: `query<TAB>DOC:PASSAGE=GRADE …` per line.
        #[arg(long, value_name = "FILE", default_value = "tests/data/qrels.tsv")]
        qrels: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Measure query latency in-process on the open index.
    Bench {
        #[command(flatten)]
        paths: Paths,
        /// Queries, one per line (default: benches/queries.txt, built in).
        #[arg(long, value_name = "FILE")]
        queries: Option<PathBuf>,
        /// Measured runs of each query.
        #[arg(long, default_value_t = 200)]
        iterations: usize,
        /// Unmeasured runs of each query first.
        #[arg(long, default_value_t = 20)]
        warmup: usize,
        /// Passages per query (top N, highlighted).
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Measure without highlighting (by default both are measured: with, then without).
        #[arg(long)]
        no_highlight: bool,
        /// Also measure throughput with T concurrent searchers on the one engine.
        #[arg(long, default_value_t = 1, value_name = "T")]
        threads: usize,
        /// Skip the plain-tantivy baseline (it copies every passage into a temporary index).
        #[arg(long)]
        no_baseline: bool,
        /// Do not check the index against the corpus first.
        #[arg(long)]
        no_refresh: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Serve the search page and the JSON API over HTTP (read-only).
    Serve {
        #[command(flatten)]
        paths: Paths,
        /// Address to listen on (another than 127.0.0.1 is reachable from other machines).
        #[arg(long, default_value = "127.0.0.1:7700", value_name = "IP:PORT")]
        addr: std::net::SocketAddr,
        /// Seconds between checks of the corpus (and of the index, for another indexer).
        #[arg(long, default_value_t = 10.0, value_name = "SECS")]
        refresh_every: f64,
        /// Do not re-index the corpus in the background (still follows `fouille index`).
        #[arg(long)]
        no_refresh: bool,
        /// One line per request on stderr.
        #[arg(long)]
        log: bool,
        /// Let pages from this origin call the API (CORS), e.g. http://localhost:3000.
        #[arg(long, value_name = "ORIGIN")]
        cors: Option<String>,
        /// Do not keep search answers (by default up to 32 MiB of them, per index version).
        #[arg(long)]
        no_cache: bool,
    },
}

/// `--sort` values.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Sort {
    Relevance,
    Date,
}

fn parse_since(text: &str) -> Result<u64, String> {
    fouille::search::period_start(text).map_err(|e| e.to_string())
}

fn parse_until(text: &str) -> Result<u64, String> {
    fouille::search::period_end(text).map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    let matches = Cli::command().get_matches_from(protect_exclusions(std::env::args_os()));
    let result = Cli::from_arg_matches(&matches)
        .map_err(anyhow::Error::from)
        .and_then(|cli| with_config(cli, &matches))
        .and_then(run);
    match result {
        Ok(code) => code,
        Err(e) => {
            let chain: Vec<String> = e.chain().map(|c| c.to_string()).collect();
            eprintln!("fouille: {}", output::clean(&one_line(&chain)));
            let usage = e.chain().any(|c| {
                matches!(
                    c.downcast_ref::<SearchError>(),
                    Some(SearchError::Query(_) | SearchError::Filter(_))
                )
            });
            ExitCode::from(if usage { 2 } else { 1 })
        }
    }
}

/// An error and its causes on one line, each said once: a cause whose text is already in
/// the line is left out; a context that the next cause repeats gives way to it.
fn one_line(chain: &[String]) -> String {
    let mut line = String::new();
    for cause in chain {
        if line.contains(cause.as_str()) {
            continue;
        }
        if cause.contains(line.as_str()) {
            line = cause.clone();
        } else {
            line = format!("{line}: {cause}");
        }
    }
    line
}

/// Whether the user typed this argument (rather than clap filling in its default).
fn typed(m: &ArgMatches, id: &str) -> bool {
    m.ids().any(|i| i.as_str() == id) && m.value_source(id) == Some(ValueSource::CommandLine)
}

/// Fill in the flags the user did not type from `fouille.toml` (see `fouille::config`).
fn with_config(mut cli: Cli, matches: &ArgMatches) -> Result<Cli> {
    let Some((_, sub)) = matches.subcommand() else {
        return Ok(cli);
    };
    if matches!(cli.command, Command::Completions { .. } | Command::Man) {
        // Generated from the flags alone: a broken config must not stop them.
        return Ok(cli);
    }
    let corpus_flag = cli
        .command
        .paths()
        .filter(|_| typed(sub, "corpus"))
        .map(|p| p.corpus.clone());
    let config = Config::load(
        cli.config.as_deref(),
        corpus_flag.as_deref(),
        &PathBuf::from("corpus"),
    )?;
    if !typed(matches, "color")
        && !typed(sub, "color")
        && let Some(color) = config.color
    {
        cli.color = color;
    }
    if let Some(paths) = cli.command.paths_mut() {
        if let (false, Some(c)) = (typed(sub, "corpus"), &config.corpus) {
            paths.corpus = c.clone();
        }
        if let (false, Some(i)) = (typed(sub, "index"), &config.index) {
            paths.index = Some(i.clone());
        }
        if paths.synonyms.is_none() {
            paths.synonyms = config.synonyms.clone();
        }
    }
    if let Some(file) = &config.leftovers {
        // Instead of ./boilerplate.txt, for every refresh this process makes.
        if !file.is_file() {
            say(&format!(
                "warning: leftover rules file '{}' (fouille.toml) does not exist: no user rules",
                file.display()
            ));
        }
        fouille::corpus::use_rules_file(file.clone());
    }
    if let (Command::Search { limit, .. }, false, Some(n)) =
        (&mut cli.command, typed(sub, "limit"), config.limit)
    {
        *limit = n;
    }
    Ok(cli)
}

impl Command {
    fn paths(&self) -> Option<&Paths> {
        match self {
            Command::Index { paths, .. }
            | Command::Search { paths, .. }
            | Command::List { paths, .. }
            | Command::Stats { paths, .. }
            | Command::Show { paths, .. }
            | Command::Export { paths, .. }
            | Command::Eval { paths, .. }
            | Command::Bench { paths, .. }
            | Command::Serve { paths, .. } => Some(paths),
            Command::Analyze { .. } | Command::Completions { .. } | Command::Man => None,
        }
    }

    fn paths_mut(&mut self) -> Option<&mut Paths> {
        match self {
            Command::Index { paths, .. }
            | Command::Search { paths, .. }
            | Command::List { paths, .. }
            | Command::Stats { paths, .. }
            | Command::Show { paths, .. }
            | Command::Export { paths, .. }
            | Command::Eval { paths, .. }
            | Command::Bench { paths, .. }
            | Command::Serve { paths, .. } => Some(paths),
            Command::Analyze { .. } | Command::Completions { .. } | Command::Man => None,
        }
    }
}

/// The name variants the flags ask for: `--synonyms FILE`, else `./synonyms.txt` if
/// present, else the built-in list.
fn synonyms_file(flag: &Option<PathBuf>) -> Option<PathBuf> {
    let default = PathBuf::from("synonyms.txt");
    flag.clone().or(default.is_file().then_some(default))
}

impl Paths {
    /// The index folder: `--index`, else the corpus's own `.fouille`.
    fn index_dir(&self) -> PathBuf {
        self.index
            .clone()
            .unwrap_or_else(|| index::default_dir(&self.corpus))
    }
}

/// A search engine on an opened index, with the synonyms the flags ask for.
fn engine(searchable: index::Searchable, paths: &Paths) -> Result<Engine> {
    let mut engine = Engine::from_searchable(searchable);
    if let Some(path) = synonyms_file(&paths.synonyms) {
        engine.load_synonyms(&path)?;
    }
    Ok(engine)
}

/// The index of `paths`, refreshed first unless `no_refresh`, with its manifest.
fn opened(paths: &Paths, no_refresh: bool) -> Result<index::Opened> {
    if !no_refresh {
        index::open_fresh(&paths.corpus, &paths.index_dir(), true, &mut say)?;
    }
    Ok(index::open(&paths.index_dir())?)
}

fn searcher_of(opened: &index::Opened, paths: &Paths) -> Result<tantivy::Searcher> {
    let reader: tantivy::IndexReader = opened
        .index
        .reader()
        .with_context(|| format!("cannot read the index in '{}'", paths.index_dir().display()))?;
    Ok(reader.searcher())
}

/// The name variants the flags ask for, for a server that opens engines itself.
fn synonyms(paths: &Paths) -> Result<Option<fouille::search::Synonyms>> {
    let default = PathBuf::from("synonyms.txt");
    let path = match &paths.synonyms {
        Some(path) => path,
        None if default.is_file() => &default,
        None => return Ok(None),
    };
    let mut analyzer = fouille::analysis::french_analyzer();
    Ok(Some(fouille::search::Synonyms::load(path, &mut analyzer)?))
}

fn say(line: &str) {
    eprintln!("fouille: {line}");
}

fn run(cli: Cli) -> Result<ExitCode> {
    let is_terminal = std::io::stdout().is_terminal();
    let width = match cli.width {
        Some(0) => None,
        Some(n) => Some(n),
        None => output::terminal_width(),
    };
    let marks = Marks::choose(cli.color, is_terminal);
    match cli.command {
        Command::Index {
            paths, check: true, ..
        } => {
            let report = index::check(&paths.corpus, &paths.index_dir())
                .with_context(|| format!("checking '{}'", paths.index_dir().display()))?;
            println!(
                "index OK: {} files and {} passages verified in {:.2} s",
                report.files,
                report.passages,
                report.elapsed.as_secs_f64()
            );
        }
        Command::Index { paths, full, .. } => {
            let options = RefreshOptions {
                full,
                ..RefreshOptions::default()
            };
            let bar = progress_bar();
            let mut on_progress = |p: index::Progress| {
                if bar.is_hidden() {
                    return;
                }
                if bar.length() != Some(p.bytes_total) {
                    bar.set_length(p.bytes_total);
                }
                bar.set_position(p.bytes_done);
                if p.done.is_multiple_of(32) || p.done == p.total {
                    bar.set_message(format!("{}/{} articles", p.done, p.total));
                }
            };
            let mut say_above = |line: &str| bar.suspend(|| say(line));
            let report = index::refresh_with(
                &paths.corpus,
                &paths.index_dir(),
                &options,
                &mut on_progress,
                &mut say_above,
            )
            .with_context(|| format!("indexing '{}'", paths.corpus.display()));
            bar.finish_and_clear();
            let report = report?;
            if let Some(why) = &report.rebuilt {
                say(&format!("rebuilt the index: {why}"));
            }
            for w in &report.warnings {
                say(&format!("warning: {w}"));
            }
            println!("{}", output::index_summary(&report));
        }
        Command::Search {
            query,
            paths,
            limit,
            per_article,
            json,
            no_refresh,
            since,
            until,
            sort,
            offset,
            count,
            files_with_matches,
            context,
        } => {
            let query = restore_exclusions(&query);
            let opened_index =
                index::open_fresh(&paths.corpus, &paths.index_dir(), !no_refresh, &mut say)?;
            let mut engine = engine(opened_index, &paths)?;
            let style = TextStyle {
                marks,
                width,
                corpus: &paths.corpus,
            };
            if count || files_with_matches {
                // Every matching passage (up to the engine's cap), grouped by article.
                let options = SearchOptions {
                    limit: fouille::search::MAX_LIMIT,
                    per_article,
                    highlight: false,
                    since,
                    until,
                    ..SearchOptions::default()
                };
                let results = engine.search(&query, &options)?;
                if results.total_hits > results.hits.len() {
                    say(&format!(
                        "note: {}{} passages match; counted the best {}",
                        if results.total_hits_exact {
                            ""
                        } else {
                            "at least "
                        },
                        results.total_hits,
                        results.hits.len()
                    ));
                }
                let out = if count {
                    output::render_counts(&results, &style, json)
                } else {
                    output::render_files(&results, &style, json)
                };
                write_stdout(&out)?;
                return Ok(ExitCode::SUCCESS);
            }
            let options = SearchOptions {
                limit,
                per_article,
                highlight: true,
                since,
                until,
                offset,
                sort: match sort {
                    Sort::Relevance => SortOrder::Relevance,
                    Sort::Date => SortOrder::Date,
                },
            };
            let results = match engine.search(&query, &options) {
                // Never show what the index cannot vouch for: rebuild, then answer.
                Err(SearchError::Damaged(why)) => {
                    say(&format!("index damaged: {why}, rebuilding"));
                    let repaired = index::repair(&paths.corpus, &paths.index_dir(), &mut say)?;
                    engine = self::engine(repaired, &paths)?;
                    engine.search(&query, &options)?
                }
                r => r?,
            };
            let contexts = if context > 0 {
                contexts_of(&engine, &results, context)?
            } else {
                Vec::new()
            };
            let out = if json {
                output::pretty(&output::results_json_with_context(&results, &contexts)) + "\n"
            } else {
                output::render_text_with(&results, &style, &contexts)
            };
            write_stdout(&out)?;
        }
        Command::List {
            paths,
            json,
            no_refresh,
        } => {
            let opened = opened(&paths, no_refresh)?;
            let searcher = searcher_of(&opened, &paths)?;
            let list = inspect::articles(&searcher, &opened.fields, &opened.manifest)?;
            let out = if json {
                output::pretty(&serde_json::json!({ "articles": list })) + "\n"
            } else {
                inspect::render_list(&list, &paths.corpus)
            };
            write_stdout(&out)?;
        }
        Command::Stats {
            paths,
            json,
            no_refresh,
        } => {
            let opened = opened(&paths, no_refresh)?;
            let searcher = searcher_of(&opened, &paths)?;
            let stats = inspect::stats(
                &searcher,
                &opened.manifest,
                &paths.index_dir(),
                &paths.corpus,
            );
            let out = if json {
                output::pretty(&serde_json::to_value(&stats)?) + "\n"
            } else {
                inspect::render_stats(&stats, &paths.index_dir())
            };
            write_stdout(&out)?;
        }
        Command::Show {
            doc,
            paths,
            all,
            json,
            no_refresh,
        } => {
            let opened = opened(&paths, no_refresh)?;
            let searcher = searcher_of(&opened, &paths)?;
            let doc = inspect::resolve_doc(&doc, &paths.corpus, &opened.manifest)
                .map_err(anyhow::Error::msg)?;
            let passages = inspect::article_passages(&searcher, &opened.fields, &doc)?;
            let dropped = if all {
                let file = paths.corpus.join(&doc);
                let bytes = std::fs::read(&file)
                    .with_context(|| format!("cannot read '{}'", file.display()))?;
                let reasons = inspect::leftover_reasons(&doc, &bytes);
                Some(inspect::dropped_lines_with(&bytes, &passages, &reasons))
            } else {
                None
            };
            let style = TextStyle {
                marks,
                width,
                corpus: &paths.corpus,
            };
            let out = if json {
                output::pretty(&inspect::show_json(&passages, &doc, dropped.as_deref())) + "\n"
            } else {
                inspect::render_show(&passages, &doc, dropped.as_deref().unwrap_or(&[]), &style)
            };
            write_stdout(&out)?;
        }
        Command::Analyze {
            text,
            synonyms,
            json,
        } => {
            let text = text.join(" ");
            let mut fr = fouille::analysis::french_analyzer();
            let synonyms = match synonyms_file(&synonyms) {
                Some(path) => fouille::search::Synonyms::load(&path, &mut fr)?,
                None => fouille::search::Synonyms::builtin(&mut fr),
            };
            let analysis = inspect::analyze(&text, &synonyms);
            let out = if json {
                output::pretty(&serde_json::to_value(&analysis)?) + "\n"
            } else {
                inspect::render_analysis(&analysis)
            };
            write_stdout(&out)?;
        }
        Command::Export {
            paths,
            jsonl: _,
            output: file,
            no_refresh,
        } => {
            let opened = opened(&paths, no_refresh)?;
            let searcher = searcher_of(&opened, &paths)?;
            let written = match &file {
                Some(path) => {
                    let f = std::fs::File::create(path)
                        .with_context(|| format!("cannot create '{}'", path.display()))?;
                    let mut w = std::io::BufWriter::new(f);
                    export::write_jsonl(&searcher, &opened.fields, &opened.manifest, &mut w)
                        .with_context(|| format!("cannot write '{}'", path.display()))?
                }
                None => {
                    let mut w = std::io::BufWriter::new(std::io::stdout().lock());
                    match export::write_jsonl(&searcher, &opened.fields, &opened.manifest, &mut w) {
                        Ok(n) => n,
                        Err(e) if is_broken_pipe(&e) => return Ok(ExitCode::SUCCESS),
                        Err(e) => return Err(e.context("cannot write to standard output")),
                    }
                }
            };
            if let Some(path) = &file {
                say(&format!("wrote {written} passages to '{}'", path.display()));
            }
        }
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "fouille", &mut out);
            write_stdout(&String::from_utf8_lossy(&out))?;
        }
        Command::Man => {
            let mut out = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut out)
                .context("cannot render the man page")?;
            write_stdout(&String::from_utf8_lossy(&out))?;
        }
        Command::Bench {
            paths,
            queries,
            iterations,
            warmup,
            limit,
            no_highlight,
            threads,
            no_baseline,
            no_refresh,
            json,
        } => {
            let text = match &queries {
                Some(path) => std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read queries file '{}'", path.display()))?,
                None => bench::DEFAULT_QUERIES.to_string(),
            };
            let queries = bench::parse_queries(&text);
            anyhow::ensure!(
                !queries.is_empty(),
                "no queries to run: give a file with one query per line"
            );
            let opened_index =
                index::open_fresh(&paths.corpus, &paths.index_dir(), !no_refresh, &mut say)?;
            let engine = engine(opened_index, &paths)?;
            let options = BenchOptions {
                iterations: iterations.max(1),
                warmup,
                threads: threads.max(1),
                baseline: !no_baseline,
                search: SearchOptions {
                    limit,
                    per_article: None,
                    highlight: !no_highlight,
                    ..SearchOptions::default()
                },
            };
            let report = bench::run(&engine, &queries, &options)?;
            let out = if json {
                serde_json::to_string_pretty(&report)? + "\n"
            } else {
                bench::render(&report)
            };
            write_stdout(&out)?;
        }
        Command::Serve {
            paths,
            addr,
            refresh_every,
            no_refresh,
            log,
            cors,
            no_cache,
        } => {
            anyhow::ensure!(
                refresh_every.is_finite() && refresh_every > 0.0,
                "--refresh-every must be a positive number of seconds"
            );
            let options = fouille::serve::ServeOptions {
                corpus: paths.corpus.clone(),
                index: paths.index_dir(),
                addr,
                synonyms: synonyms(&paths)?,
                refresh: !no_refresh,
                refresh_every: std::time::Duration::from_secs_f64(refresh_every),
                log,
                cors,
                cache: !no_cache,
            };
            fouille::serve::run(options, &mut say)?;
        }
        Command::Eval { paths, qrels, json } => {
            let text = std::fs::read_to_string(&qrels)
                .with_context(|| format!("cannot read qrels file '{}'", qrels.display()))?;
            let judged =
                eval::parse_qrels(&text).with_context(|| format!("in '{}'", qrels.display()))?;
            let opened_index =
                index::open_fresh(&paths.corpus, &paths.index_dir(), true, &mut say)?;
            let report = eval::evaluate(&engine(opened_index, &paths)?, &judged)?;
            let out = if json {
                serde_json::to_string_pretty(&report)? + "\n"
            } else {
                eval::render(&report)
            };
            write_stdout(&out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The indexing progress bar (bytes, articles, rate, ETA) on stderr; hidden when stderr is
/// not a terminal.
fn progress_bar() -> indicatif::ProgressBar {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(8));
    let style = ProgressStyle::with_template(
        "{spinner} [{bar:30}] {bytes}/{total_bytes} {msg} {bytes_per_sec} ETA {eta}",
    )
    .map(|s| s.progress_chars("=> "))
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}

/// Passages around each hit: `n` before and `n` after, in the same article.
fn contexts_of(
    engine: &Engine,
    results: &SearchResults,
    n: usize,
) -> Result<Vec<Vec<inspect::StoredPassage>>> {
    let fields = index::fields_of_index(engine.index())?;
    let searcher = engine.searcher();
    let mut cache: std::collections::HashMap<String, Vec<inspect::StoredPassage>> =
        std::collections::HashMap::new();
    let mut out = Vec::with_capacity(results.hits.len());
    for hit in &results.hits {
        if !cache.contains_key(&hit.doc) {
            let passages = inspect::article_passages(&searcher, &fields, &hit.doc)?;
            cache.insert(hit.doc.clone(), passages);
        }
        let around = cache[&hit.doc]
            .iter()
            .filter(|p| p.passage != hit.passage && p.passage.abs_diff(hit.passage) <= n as u64)
            .cloned()
            .collect();
        out.push(around);
    }
    Ok(out)
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    let broken = Some(std::io::ErrorKind::BrokenPipe);
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().map(|io| io.kind()) == broken
            || c.downcast_ref::<serde_json::Error>()
                .and_then(|j| j.io_error_kind())
                == broken
    })
}

/// Write to stdout; a closed pipe (`fouille search … | head`) is not an error.
fn write_stdout(s: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.context("cannot write to standard output"),
    }
}

/// Marks an unquoted `-word` of a search query so that clap reads it as part of the query,
/// not as an unknown flag (`fouille search soldats -Trump`); see [`restore_exclusions`].
const EXCLUSION_MARK: char = '\u{E000}';

/// After `search`, an argument `-word` (a letter after the dash, and more than a short flag
/// such as `-n5`) is an excluded query word: mark it. Option values are left alone.
fn protect_exclusions(args: impl Iterator<Item = std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    const TAKES_VALUE: &[&str] = &[
        "-n",
        "--limit",
        "--corpus",
        "--index",
        "--synonyms",
        "--per-article",
        "-C",
        "--context",
        "--offset",
        "--width",
        "--color",
        "--config",
        "--since",
        "--until",
        "--sort",
    ];
    let mut out = Vec::new();
    let mut in_search = false;
    let mut value_next = false;
    let mut after_dashes = false;
    for arg in args {
        let Some(text) = arg.to_str() else {
            out.push(arg);
            continue;
        };
        let is_value = std::mem::take(&mut value_next);
        if in_search && !is_value && !after_dashes {
            let mut chars = text.chars();
            let word = chars.next() == Some('-')
                && chars.next().is_some_and(char::is_alphabetic)
                && !chars.as_str().is_empty()
                && !chars.as_str().chars().all(|c| c.is_ascii_digit());
            if word && !text.starts_with("--") {
                out.push(format!("{EXCLUSION_MARK}{}", &text[1..]).into());
                continue;
            }
        }
        after_dashes |= in_search && text == "--";
        value_next = TAKES_VALUE.contains(&text);
        in_search |= text == "search";
        out.push(arg);
    }
    out
}

/// The query words with their `-` back.
fn restore_exclusions(words: &[String]) -> String {
    words
        .iter()
        .map(|w| match w.strip_prefix(EXCLUSION_MARK) {
            Some(rest) => format!("-{rest}"),
            None => w.clone(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn each_cause_is_said_once() {
        let chain = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            one_line(&chain(&[
                "indexing 'x'",
                "corpus folder 'x' does not exist"
            ])),
            "indexing 'x': corpus folder 'x' does not exist"
        );
        // A cause already in the message (thiserror's `{source}`) is not repeated.
        assert_eq!(
            one_line(&chain(&[
                "search failed for query 'a': disk full",
                "disk full"
            ])),
            "search failed for query 'a': disk full"
        );
        // A context repeated inside the next cause gives way to it.
        assert_eq!(
            one_line(&chain(&["index 'i'", "index 'i': damaged"])),
            "index 'i': damaged"
        );
    }
}
