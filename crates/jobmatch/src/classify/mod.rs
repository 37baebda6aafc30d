//! Occupation normalisation: map a free-text job title (and description) to
//! ranked codes of an occupation [`Taxonomy`].
//!
//! How a [`Classifier`] ranks codes for `{title, description}`:
//!
//! 1. The title is [cleaned](text::clean_title): recruiting noise (`急招`,
//!    `包吃住`, `高薪`, pay figures, `(m/f/d)`...) and brackets are removed, and
//!    it is split into alternatives at separators (`普工/操作工`).
//! 2. **Exact matches**: a title (or one of its alternatives) whose
//!    [match key](text::match_key) equals a name, an employer-written alias or a
//!    published alternative name ranks that occupation first.
//! 3. **Contained names**: the longest name or alias found inside the title
//!    (`急招电焊工师傅` contains `电焊工`) gets credit in proportion to how much
//!    of the title it covers.
//! 4. **Search**: a tantivy index in RAM holds one document per name (fields
//!    analysed with the jieba analyzer of [`crate::analysis`] and with CJK
//!    character bigrams, which rescue short Chinese titles that jieba splits
//!    differently from the official name) and one per occupation with its
//!    description and skills. Title terms are weighted above description terms.
//!    An occupation's search score is its best name document plus its context
//!    document.
//! 5. The candidates are re-ranked by the best overlap (Dice over words and
//!    bigrams) of the title with any of their names, the search score and the
//!    contained-name credit; ties go to the smaller code.
//!
//! Scores are confidences in [0, 1]: exact matches score 0.85-0.97 (less when
//! a name is shared by several occupations), other matches are the combined
//! score times the candidate's share of the top candidates. See
//! `datasets/classify-bench/README.md` for how well they are calibrated.
//!
//! ```
//! use jobmatch::classify::{Classifier, Taxonomy};
//!
//! let taxonomy = Taxonomy::from_jsonl(r#"{"code":"6-18-02-04","name":"焊工"}
//! {"code":"4-03-02-05","name":"餐厅服务员"}
//! {"code":"2512.4","name":"software developer","alt_names":["programmer"]}"#.as_bytes(), "<doc>")?;
//! let classifier = Classifier::new(taxonomy)?;
//! assert_eq!(classifier.classify("急招电焊工（包吃住）", None)[0].code, "6-18-02-04");
//! assert_eq!(classifier.classify("饭店服务员", None)[0].code, "4-03-02-05");
//! let top = classifier.classify("Senior Programmer", Some("we build web software"));
//! assert_eq!(top[0].code, "2512.4");
//! assert!((0.0..=1.0).contains(&top[0].score));
//! # Ok::<(), jobmatch::Error>(())
//! ```

pub mod accuracy;
pub mod infer;
mod shipped;
pub mod taxonomy;
pub mod text;

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{FAST, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, Searcher, TantivyDocument, Term};

pub use infer::{Inference, infer_posting, infer_posting_with, infer_seeker, infer_seeker_with};
pub use shipped::{SHIPPED_NAMES, Shipped};
pub use taxonomy::{Occupation, Taxonomy};

use crate::analysis::{ANALYZER_NAME, stable_hash, text_analyzer};
use crate::error::{Error, Result};
use crate::normalise::text::{fold, is_cjk};
use text::{BIGRAM_ANALYZER, CjkBigramTokenizer, cjk_bigrams, clean_title, match_key};

/// Longest description (in characters) the classifier reads.
const MAX_DESCRIPTION_CHARS: usize = 2_000;
/// Distinct description terms used in the query.
const MAX_DESCRIPTION_TERMS: usize = 32;
/// Title units (CJK characters or words) scanned for contained names.
const MAX_CONTAINED_UNITS: usize = 48;
/// Documents fetched from the index per query (50 instead of 100 doubled the
/// English throughput with acc@1/@5 within 0.002 on the benchmark).
const SEARCH_LIMIT: usize = 50;
/// Candidates re-ranked per query.
const RERANK: usize = 30;

/// How a label (a name of an occupation) entered the taxonomy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelKind {
    /// The preferred name.
    Name,
    /// An employer-written alias from an aliases file.
    Alias,
    /// A published alternative name.
    AltName,
}

/// How the top of a prediction was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchVia {
    /// The (cleaned) title equals a label of this kind.
    Exact(LabelKind),
    /// Ranked by containment, search and name overlap.
    Search,
}

/// One ranked code.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prediction {
    /// The occupation code.
    pub code: String,
    /// Confidence in [0, 1].
    pub score: f32,
    /// How it was found.
    pub via: MatchVia,
}

/// What the classifier uses; the default is everything. The
/// [BM25 baseline](ClassifierOptions::bm25_names_baseline) turns all but the
/// word search over names off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClassifierOptions {
    /// Codes returned per query (at least 1; default 5).
    pub top_k: usize,
    /// Exact and contained name matches.
    pub exact: bool,
    /// CJK character bigrams.
    pub bigrams: bool,
    /// Descriptions, alternative names' context and skills (the occupation document).
    pub context: bool,
    /// Re-ranking by name overlap.
    pub rerank: bool,
}

impl Default for ClassifierOptions {
    fn default() -> Self {
        ClassifierOptions {
            top_k: 5,
            exact: true,
            bigrams: true,
            context: true,
            rerank: true,
        }
    }
}

impl ClassifierOptions {
    /// Plain BM25 over names with the jieba analyzer: no exact matching, no
    /// bigrams, no descriptions or skills, no re-ranking. Use it with
    /// [`Taxonomy::names_only`] for the "names alone" baseline.
    pub fn bm25_names_baseline() -> Self {
        ClassifierOptions {
            top_k: 5,
            exact: false,
            bigrams: false,
            context: false,
            rerank: false,
        }
    }
}

#[derive(Debug, Clone)]
struct Label {
    occ: u32,
    kind: LabelKind,
    /// Sorted distinct hashes of the label's words and bigrams.
    signature: Vec<u64>,
}

#[derive(Debug, Clone, Copy)]
struct Fields {
    label: Field,
    label_bi: Field,
    desc: Field,
    skills: Field,
    lid: Field,
}

/// Maps free-text titles to ranked occupation codes. Cheap to share
/// (`Send + Sync`); build once per taxonomy.
pub struct Classifier {
    taxonomy: Arc<Taxonomy>,
    options: ClassifierOptions,
    /// Occupation indexes (into the taxonomy) that may be predicted.
    occupations: Vec<usize>,
    labels: Vec<Label>,
    /// Per taxonomy index: the range of its labels in `labels`.
    label_ranges: Vec<(u32, u32)>,
    exact: HashMap<String, Vec<u32>>,
    /// Inverse document frequency (over labels) of signature tokens.
    idf: HashMap<u64, f32>,
    max_label_units: usize,
    searcher: Searcher,
    fields: Fields,
    /// Per segment, per doc: label index, or `u32::MAX - occ` for context documents.
    doc_ids: Vec<Vec<u32>>,
    analyzer: TextAnalyzer,
    /// Answers for titles classified without a description (past jobs and
    /// desired titles repeat: 71,184 such titles of 100,000 generated seekers
    /// are 1,715 distinct ones). A pure function of the title, so the cache
    /// changes no answer; it stops growing at [`TITLE_CACHE_ENTRIES`].
    title_cache: TitleCache,
}

/// Entries kept by a classifier's title cache at most.
pub const TITLE_CACHE_ENTRIES: usize = 1 << 16;

/// Shards of the title cache (so that threads seldom wait on one another).
const TITLE_CACHE_SHARDS: usize = 16;

#[derive(Default)]
struct TitleCache {
    shards: [std::sync::RwLock<HashMap<String, Vec<Prediction>>>; TITLE_CACHE_SHARDS],
}

impl TitleCache {
    fn shard(&self, title: &str) -> &std::sync::RwLock<HashMap<String, Vec<Prediction>>> {
        let h = title.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
        &self.shards[(h % TITLE_CACHE_SHARDS as u64) as usize]
    }

    fn get(&self, title: &str) -> Option<Vec<Prediction>> {
        // A poisoned lock only means another thread panicked while holding
        // it: the map is still whole (inserts are single calls).
        let shard = self.shard(title).read().unwrap_or_else(|e| e.into_inner());
        shard.get(title).cloned()
    }

    fn put(&self, title: &str, predictions: &[Prediction]) {
        let mut shard = self.shard(title).write().unwrap_or_else(|e| e.into_inner());
        if shard.len() < TITLE_CACHE_ENTRIES / TITLE_CACHE_SHARDS {
            shard.insert(title.to_string(), predictions.to_vec());
        }
    }
}

impl std::fmt::Debug for Classifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Classifier")
            .field("occupations", &self.occupations.len())
            .field("labels", &self.labels.len())
            .field("options", &self.options)
            .finish()
    }
}

fn index_err(e: impl std::fmt::Display) -> Error {
    Error::Index {
        path: "<classifier>".into(),
        message: e.to_string(),
    }
}

/// Title units for containment: CJK characters and Latin-script words.
fn units(key: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in key.char_indices() {
        if is_cjk(c) || c == ' ' {
            if let Some(s) = start.take() {
                out.push(&key[s..i]);
            }
            if c != ' ' {
                out.push(&key[i..i + c.len_utf8()]);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push(&key[s..]);
    }
    out
}

/// Joins units back into a match key (no space between two CJK units).
fn join_units(units: &[&str], out: &mut String) {
    out.clear();
    let mut last_cjk = false;
    for (i, u) in units.iter().enumerate() {
        let cjk = u.chars().next().is_some_and(is_cjk);
        if i > 0 && !(cjk && last_cjk) {
            out.push(' ');
        }
        out.push_str(u);
        last_cjk = cjk;
    }
}

fn signature(analyzer: &mut TextAnalyzer, text: &str) -> Vec<u64> {
    let folded = fold(text);
    let mut sig: Vec<u64> = Vec::new();
    let mut stream = analyzer.token_stream(&folded);
    while stream.advance() {
        let t = &stream.token().text;
        // CJK words are represented by their bigrams below; keep Latin words.
        if !t.chars().any(is_cjk) {
            sig.push(stable_hash(t));
        }
    }
    for b in cjk_bigrams(&folded) {
        sig.push(stable_hash(&b) ^ 0x9e37_79b9_7f4a_7c15);
    }
    sig.sort_unstable();
    sig.dedup();
    sig
}

#[derive(Debug, Clone, Copy, Default)]
struct Candidate {
    search: f32,
    label_search: f32,
    context_search: f32,
    exact: Option<LabelKind>,
    contained: f32,
}

impl Classifier {
    /// A classifier over `taxonomy` with default options.
    pub fn new(taxonomy: Taxonomy) -> Result<Classifier> {
        Classifier::with_options(Arc::new(taxonomy), ClassifierOptions::default())
    }

    /// A classifier over `taxonomy` with the given options.
    pub fn with_options(taxonomy: Arc<Taxonomy>, options: ClassifierOptions) -> Result<Classifier> {
        let word = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(ANALYZER_NAME)
                .set_index_option(IndexRecordOption::WithFreqs),
        );
        let bigram = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(BIGRAM_ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqs),
        );
        let mut b = Schema::builder();
        let fields = Fields {
            label: b.add_text_field("label", word.clone()),
            label_bi: b.add_text_field("label_bi", bigram),
            desc: b.add_text_field("desc", word.clone()),
            skills: b.add_text_field("skills", word),
            lid: b.add_u64_field("lid", FAST),
        };
        let index = Index::create_in_ram(b.build());
        index.tokenizers().register(ANALYZER_NAME, text_analyzer());
        index
            .tokenizers()
            .register(BIGRAM_ANALYZER, TextAnalyzer::from(CjkBigramTokenizer));
        let mut writer = index
            .writer_with_num_threads::<TantivyDocument>(1, 50_000_000)
            .map_err(index_err)?;

        let mut analyzer = text_analyzer();
        let mut occupations = Vec::new();
        let mut labels: Vec<Label> = Vec::new();
        let mut exact: HashMap<String, Vec<u32>> = HashMap::new();
        let mut max_label_units = 1;
        let mut label_ranges = vec![(0u32, 0u32); taxonomy.len()];
        for (oi, o) in taxonomy.occupations().iter().enumerate() {
            if taxonomy.is_group(&o.code) {
                continue;
            }
            let first_label = labels.len() as u32;
            occupations.push(oi);
            let names = std::iter::once((LabelKind::Name, &o.name))
                .chain(o.aliases.iter().map(|a| (LabelKind::Alias, a)))
                .chain(o.alt_names.iter().map(|a| (LabelKind::AltName, a)));
            for (kind, name) in names {
                let key = match_key(name);
                if key.is_empty() {
                    continue;
                }
                let li = labels.len() as u32;
                max_label_units = max_label_units.max(units(&key).len());
                let ids = exact.entry(key).or_default();
                if !ids.iter().any(|&l| labels[l as usize].occ == oi as u32) {
                    ids.push(li);
                }
                labels.push(Label {
                    occ: oi as u32,
                    kind,
                    signature: signature(&mut analyzer, name),
                });
                let mut doc = TantivyDocument::default();
                doc.add_text(fields.label, name);
                if options.bigrams {
                    doc.add_text(fields.label_bi, name);
                }
                doc.add_u64(fields.lid, u64::from(li));
                writer.add_document(doc).map_err(index_err)?;
            }
            label_ranges[oi] = (first_label, labels.len() as u32);
            if options.context && (o.description.is_some() || !o.skills.is_empty()) {
                let mut doc = TantivyDocument::default();
                if let Some(d) = &o.description {
                    doc.add_text(fields.desc, d);
                }
                for s in &o.skills {
                    doc.add_text(fields.skills, s);
                }
                doc.add_u64(fields.lid, u64::from(u32::MAX - oi as u32));
                writer.add_document(doc).map_err(index_err)?;
            }
        }
        writer.commit().map_err(index_err)?;
        writer.wait_merging_threads().map_err(index_err)?;
        let reader = index.reader().map_err(index_err)?;
        let searcher = reader.searcher();
        let mut doc_ids = Vec::new();
        for segment in searcher.segment_readers() {
            let column = segment.fast_fields().u64("lid").map_err(index_err)?;
            let ids: Vec<u32> = (0..segment.max_doc())
                .map(|d| column.first(d).map_or(u32::MAX, |v| v as u32))
                .collect();
            doc_ids.push(ids);
        }
        let mut df: HashMap<u64, u32> = HashMap::new();
        for l in &labels {
            for h in &l.signature {
                *df.entry(*h).or_insert(0) += 1;
            }
        }
        let n_labels = labels.len().max(1) as f32;
        let idf: HashMap<u64, f32> = df
            .into_iter()
            .map(|(h, d)| (h, (1.0 + n_labels / d as f32).ln()))
            .collect();
        // Deterministic order of shared exact keys: name before alias before
        // alternative name, then by code.
        for ids in exact.values_mut() {
            ids.sort_by(|&a, &b| {
                let (la, lb) = (&labels[a as usize], &labels[b as usize]);
                la.kind.cmp(&lb.kind).then_with(|| {
                    taxonomy.occupations()[la.occ as usize]
                        .code
                        .cmp(&taxonomy.occupations()[lb.occ as usize].code)
                })
            });
        }
        Ok(Classifier {
            taxonomy,
            options: ClassifierOptions {
                top_k: options.top_k.max(1),
                ..options
            },
            occupations,
            labels,
            label_ranges,
            exact,
            idf,
            max_label_units,
            searcher,
            fields,
            doc_ids,
            analyzer,
            title_cache: TitleCache::default(),
        })
    }

    /// The taxonomy.
    pub fn taxonomy(&self) -> &Taxonomy {
        &self.taxonomy
    }

    /// The options.
    pub fn options(&self) -> &ClassifierOptions {
        &self.options
    }

    /// Ranked codes for a title and an optional description, best first, at
    /// most `top_k`; empty when neither says anything. Never panics.
    pub fn classify(&self, title: &str, description: Option<&str>) -> Vec<Prediction> {
        if description.is_some() {
            return self.classify_inner(title, description).unwrap_or_default();
        }
        if let Some(known) = self.title_cache.get(title) {
            return known;
        }
        match self.classify_inner(title, None) {
            Ok(predictions) => {
                self.title_cache.put(title, &predictions);
                predictions
            }
            // Not cached: an index error may not happen again.
            Err(_) => Vec::new(),
        }
    }

    fn code(&self, occ: u32) -> &str {
        &self.taxonomy.occupations()[occ as usize].code
    }

    fn classify_inner(&self, title: &str, description: Option<&str>) -> Result<Vec<Prediction>> {
        let clean = clean_title(title);
        let description: Option<String> = description
            .map(|d| d.chars().take(MAX_DESCRIPTION_CHARS).collect::<String>())
            .filter(|d| d.chars().any(char::is_alphanumeric));
        if clean.text.is_empty() && description.is_none() {
            return Ok(Vec::new());
        }
        let mut analyzer = self.analyzer.clone();
        let mut cands: HashMap<u32, Candidate> = HashMap::new();

        // 1. Exact matches of the whole title or an alternative.
        let keys: Vec<String> = std::iter::once(&clean.text)
            .chain(clean.parts.iter())
            .map(|p| match_key(p))
            .filter(|k| !k.is_empty())
            .collect();
        if self.options.exact {
            for key in &keys {
                if let Some(ids) = self.exact.get(key) {
                    for &li in ids {
                        let l = &self.labels[li as usize];
                        let c = cands.entry(l.occ).or_default();
                        c.exact = Some(c.exact.map_or(l.kind, |k| k.min(l.kind)));
                    }
                }
            }
            // 2. The longest contained name.
            if cands.is_empty() {
                self.contained(&keys, &mut cands);
            }
        }

        // 3. Search.
        let title_terms = self.terms(&mut analyzer, &clean.text, usize::MAX);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let f = self.fields;
        let mut add = |field: Field, term: &str, boost: f32| {
            let q = TermQuery::new(
                Term::from_field_text(field, term),
                IndexRecordOption::WithFreqs,
            );
            clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(q), boost))));
        };
        for t in &title_terms {
            add(f.label, t, 1.0);
            if self.options.context {
                add(f.desc, t, 0.25);
                add(f.skills, t, 0.2);
            }
        }
        if self.options.bigrams {
            let mut bigrams = cjk_bigrams(&clean.text);
            bigrams.sort_unstable();
            bigrams.dedup();
            for b in bigrams.iter().take(64) {
                add(f.label_bi, b, 0.6);
            }
        }
        if let Some(d) = &description {
            for t in self.terms(&mut analyzer, d, MAX_DESCRIPTION_TERMS) {
                add(f.label, &t, 0.2);
                if self.options.context {
                    add(f.desc, &t, 0.15);
                    add(f.skills, &t, 0.15);
                }
            }
        }
        if !clauses.is_empty() {
            let query = BooleanQuery::new(clauses);
            let hits = self
                .searcher
                .search(&query, &TopDocs::with_limit(SEARCH_LIMIT).order_by_score())?;
            for (score, address) in hits {
                let Some(&id) = self
                    .doc_ids
                    .get(address.segment_ord as usize)
                    .and_then(|ids| ids.get(address.doc_id as usize))
                else {
                    continue;
                };
                if (id as usize) < self.labels.len() {
                    let c = cands.entry(self.labels[id as usize].occ).or_default();
                    c.label_search = c.label_search.max(score);
                } else {
                    let occ = u32::MAX - id;
                    if (occ as usize) < self.taxonomy.len() {
                        cands.entry(occ).or_default().context_search = score;
                    }
                }
            }
        }
        for c in cands.values_mut() {
            c.search = c.label_search + c.context_search;
        }

        // 4. Re-rank.
        let mut ranked: Vec<(u32, Candidate)> = cands.into_iter().collect();
        ranked.sort_by(|a, b| {
            b.1.exact
                .is_some()
                .cmp(&a.1.exact.is_some())
                .then(b.1.contained.total_cmp(&a.1.contained))
                .then(b.1.search.total_cmp(&a.1.search))
                .then_with(|| self.code(a.0).cmp(self.code(b.0)))
        });
        ranked.truncate(RERANK.max(self.options.top_k));
        let max_search = ranked.iter().map(|r| r.1.search).fold(0.0f32, f32::max);
        let title_sig = signature(&mut analyzer, &clean.text);
        let mut by_occ: HashMap<u32, f32> = HashMap::new();
        if self.options.rerank && !title_sig.is_empty() {
            for (occ, _) in &ranked {
                let (a, b) = self
                    .label_ranges
                    .get(*occ as usize)
                    .copied()
                    .unwrap_or((0, 0));
                let best = self.labels[a as usize..b as usize]
                    .iter()
                    .map(|l| self.weighted_dice(&title_sig, &l.signature))
                    .fold(0.0f32, f32::max);
                by_occ.insert(*occ, best);
            }
        }
        let mut scored: Vec<(u32, f32, Option<LabelKind>)> = ranked
            .iter()
            .map(|(occ, c)| {
                let similarity = by_occ.get(occ).copied().unwrap_or(0.0);
                let search = if max_search > 0.0 {
                    c.search / max_search
                } else {
                    0.0
                };
                let combined = if self.options.rerank {
                    0.45 * similarity + 0.35 * search + 0.2 * c.contained
                } else {
                    search
                };
                (*occ, combined.clamp(0.0, 1.0), c.exact)
            })
            .collect();
        scored.sort_by(|a, b| {
            b.2.is_some()
                .cmp(&a.2.is_some())
                .then(b.1.total_cmp(&a.1))
                .then_with(|| self.code(a.0).cmp(self.code(b.0)))
        });
        scored.truncate(self.options.top_k);

        // 5. Confidences.
        let n_exact = scored.iter().filter(|s| s.2.is_some()).count().max(1) as f32;
        let total: f32 = scored
            .iter()
            .filter(|s| s.2.is_none())
            .map(|s| (s.1 * 8.0).exp())
            .sum();
        let mut out: Vec<Prediction> = scored
            .iter()
            .map(|&(occ, combined, exact)| {
                let score = match exact {
                    Some(kind) => {
                        let base = match kind {
                            LabelKind::Name => 0.97,
                            LabelKind::Alias => 0.93,
                            LabelKind::AltName => 0.9,
                        };
                        base / n_exact.sqrt()
                    }
                    None => {
                        let share = if total > 0.0 {
                            (combined * 8.0).exp() / total
                        } else {
                            0.0
                        };
                        combined * share.sqrt()
                    }
                };
                Prediction {
                    code: self.code(occ).to_string(),
                    score: if score.is_finite() {
                        score.clamp(0.0, 1.0)
                    } else {
                        0.0
                    },
                    via: exact.map_or(MatchVia::Search, MatchVia::Exact),
                }
            })
            .collect();
        // Scores never increase down the list.
        for i in 1..out.len() {
            if out[i].score > out[i - 1].score {
                out[i].score = out[i - 1].score;
            }
        }
        Ok(out)
    }

    /// Dice coefficient of two signatures with tokens weighted by their IDF
    /// (tokens no label has weigh as much as the rarest).
    fn weighted_dice(&self, a: &[u64], b: &[u64]) -> f32 {
        let max_idf = (1.0 + self.labels.len().max(1) as f32).ln();
        let w = |h: &u64| self.idf.get(h).copied().unwrap_or(max_idf);
        let (wa, wb): (f32, f32) = (a.iter().map(w).sum(), b.iter().map(w).sum());
        if wa <= 0.0 || wb <= 0.0 {
            return 0.0;
        }
        let (mut i, mut j, mut common) = (0, 0, 0.0f32);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    common += w(&a[i]);
                    i += 1;
                    j += 1;
                }
            }
        }
        (2.0 * common / (wa + wb)).clamp(0.0, 1.0)
    }

    /// Distinct analysed terms of `text`, at most `max`, in first-seen order.
    fn terms(&self, analyzer: &mut TextAnalyzer, text: &str, max: usize) -> Vec<String> {
        let folded = fold(text);
        let mut out: Vec<String> = Vec::new();
        let mut stream = analyzer.token_stream(&folded);
        while stream.advance() && out.len() < max {
            let t = &stream.token().text;
            if !out.iter().any(|o| o == t) {
                out.push(t.clone());
            }
        }
        out
    }

    /// Credits the occupations whose label is the longest found inside a key.
    fn contained(&self, keys: &[String], cands: &mut HashMap<u32, Candidate>) {
        let mut buf = String::new();
        for key in keys {
            let all = units(key);
            let units = &all[..all.len().min(MAX_CONTAINED_UNITS)];
            let total_chars = key.chars().filter(|c| *c != ' ').count().max(1);
            let longest = self.max_label_units.min(units.len());
            for len in (1..=longest).rev() {
                let mut found = false;
                for start in 0..=units.len() - len {
                    let window = &units[start..start + len];
                    // A single CJK character is too weak a clue.
                    if len == 1 && window[0].chars().next().is_some_and(is_cjk) {
                        continue;
                    }
                    join_units(window, &mut buf);
                    if let Some(ids) = self.exact.get(buf.as_str()) {
                        let chars = buf.chars().filter(|c| *c != ' ').count();
                        let coverage = (chars as f32 / total_chars as f32).min(1.0);
                        for &li in ids {
                            let c = cands.entry(self.labels[li as usize].occ).or_default();
                            c.contained = c.contained.max(coverage);
                            found = true;
                        }
                    }
                }
                if found {
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
