//! The `fouille` command: parses flags and calls the library.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

use fouille::bench::{self, BenchOptions};
use fouille::eval;
use fouille::index::{self, RefreshOptions};
use fouille::output::{self, Marks};
use fouille::search::{Engine, SearchError, SearchOptions};

#[derive(Parser)]
#[command(
    name = "fouille",
    version,
    about = "French-aware full-text search over a folder of articles"
)]
struct Cli {
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
        /// The query: words, "exact phrase", +required, -excluded, a OR b, title:word.
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
    },
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            // One line: the error and its causes, each said once (a message often embeds
            // its cause's text already).
            let chain: Vec<String> = e.chain().map(|c| c.to_string()).collect();
            let mut line = String::new();
            for (i, cause) in chain.iter().enumerate() {
                if chain[i + 1..]
                    .iter()
                    .any(|later| later.contains(cause.as_str()))
                {
                    continue;
                }
                if !line.contains(cause.as_str()) {
                    if !line.is_empty() {
                        line.push_str(": ");
                    }
                    line.push_str(cause);
                }
            }
            eprintln!("fouille: {line}");
            let usage = e
                .chain()
                .any(|c| matches!(c.downcast_ref::<SearchError>(), Some(SearchError::Query(_))));
            ExitCode::from(if usage { 2 } else { 1 })
        }
    }
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
    let default = PathBuf::from("synonyms.txt");
    match &paths.synonyms {
        Some(path) => engine.load_synonyms(path)?,
        None if default.is_file() => engine.load_synonyms(&default)?,
        None => {}
    }
    Ok(engine)
}

fn say(line: &str) {
    eprintln!("fouille: {line}");
}

fn run(cli: Cli) -> Result<ExitCode> {
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
            println!("{}", report.summary());
        }
        Command::Search {
            query,
            paths,
            limit,
            per_article,
            json,
            no_refresh,
        } => {
            let query = query.join(" ");
            let opened_index =
                index::open_fresh(&paths.corpus, &paths.index_dir(), !no_refresh, &mut say)?;
            let mut engine = engine(opened_index, &paths)?;
            let options = SearchOptions {
                limit,
                per_article,
                highlight: true,
                ..SearchOptions::default()
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
            let out = if json {
                output::render_json(&results) + "\n"
            } else {
                let stdout = std::io::stdout();
                output::render_text(&results, Marks::detect(stdout.is_terminal()))
            };
            write_stdout(&out)?;
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

/// Write to stdout; a closed pipe (`fouille search … | head`) is not an error.
fn write_stdout(s: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.context("cannot write to standard output"),
    }
}
