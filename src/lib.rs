//! fouille: a French-aware full-text search engine over a folder of press articles.
//!
//! The flow of data: [`corpus`] (articles → passages) → [`analysis`] (the French
//! analyzer) → [`index`] (tantivy schema, build, freshness) → [`search`] (query → ranked
//! passages) → [`highlight`] (matched spans, shortened passage) → [`output`] (text, JSON).
//! [`bench`] measures query latency on an open index; [`eval`] measures ranking quality;
//! [`serve`] answers searches over HTTP (JSON API and a page).

pub mod analysis;
pub mod bench;
pub mod corpus;
pub mod eval;
pub mod highlight;
pub mod index;
pub mod output;
pub mod search;
pub mod serve;
