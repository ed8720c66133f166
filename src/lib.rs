//! fouille: a French-aware full-text search engine over a folder of press articles.
//!
//! The flow of data: [`corpus`] (articles → passages) → [`analysis`] (the French
//! analyzer) → [`index`] (tantivy schema, build, freshness) → [`search`] (query → ranked
//! passages) → [`highlight`] (matched spans, shortened passage) → [`output`] (text, JSON).
//! [`bench`] measures query latency on an open index; [`eval`] measures ranking quality;
//! [`serve`] answers searches over HTTP (JSON API and a page).
//! [`inspect`] shows what is indexed and how text is analysed; [`export`] writes the
//! passages as JSON lines; [`config`] reads `fouille.toml`.

pub mod analysis;
pub mod bench;
pub mod config;
pub mod corpus;
pub mod eval;
pub mod export;
pub mod highlight;
pub mod index;
pub mod inspect;
pub mod output;
pub mod search;
pub mod serve;
