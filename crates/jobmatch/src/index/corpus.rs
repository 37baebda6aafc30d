//! One side's documents as of one searcher snapshot: decoded profiles, an id
//! map, and (lazily) the scoring forms with that corpus's vocabulary.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use tantivy::{DocAddress, Searcher};

use super::schema::Side;
use crate::error::{Error, Result};
use crate::prepare::Vocabulary;

/// Encodes a profile for the `profile` fast field.
pub(crate) fn encode<T: serde::Serialize>(value: &T) -> Result<Vec<u8>> {
    bincode::serde::encode_to_vec(value, bincode::config::standard())
        .map_err(|e| Error::config(format!("cannot encode profile: {e}")))
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    bincode::serde::decode_from_slice(bytes, bincode::config::standard())
        .ok()
        .map(|(v, _)| v)
}

/// Profiles of one side, with lookups by id and by document address.
pub(crate) struct Corpus<P> {
    pub searcher: Searcher,
    /// `[segment_ord][doc_id]` → position in `sorted` (`u32::MAX` for deleted documents).
    by_address: Vec<Vec<u32>>,
    /// Alive profiles sorted by id.
    sorted: Vec<Arc<P>>,
    by_id: HashMap<Arc<str>, usize>,
    vocabulary: OnceLock<Vocabulary>,
}

impl<P> std::fmt::Debug for Corpus<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Corpus({} documents)", self.sorted.len())
    }
}

/// What a corpus needs of its profile type.
pub(crate) trait HasTerms {
    fn id(&self) -> &str;
    fn terms(&self) -> &[(String, u32)];
}

impl HasTerms for crate::profile::PostingProfile {
    fn id(&self) -> &str {
        &self.id
    }
    fn terms(&self) -> &[(String, u32)] {
        &self.terms
    }
}

impl HasTerms for crate::profile::SeekerProfile {
    fn id(&self) -> &str {
        &self.id
    }
    fn terms(&self) -> &[(String, u32)] {
        &self.terms
    }
}

impl<P: DeserializeOwned + HasTerms + Send + Sync> Corpus<P> {
    /// Decodes every alive document's profile.
    pub fn load(searcher: Searcher, side: Side, path: &std::path::Path) -> Result<Corpus<P>> {
        let damaged = |message: String| Error::Index {
            path: path.to_path_buf(),
            message,
        };
        let mut per_segment: Vec<Vec<(u32, Arc<P>)>> = Vec::new();
        let mut max_docs = Vec::new();
        for segment in searcher.segment_readers() {
            let column = segment
                .fast_fields()
                .bytes("profile")
                .map_err(|e| damaged(e.to_string()))?
                .ok_or_else(|| damaged("profile column is missing".into()))?;
            // Stream the dictionary of encoded profiles once, in order (random
            // access into the sstable per document is far slower), then decode
            // in parallel and map each alive document to its ordinal.
            let mut encoded: Vec<Vec<u8>> = Vec::with_capacity(column.num_terms());
            let mut stream = column
                .dictionary()
                .stream()
                .map_err(|e| damaged(e.to_string()))?;
            while stream.advance() {
                encoded.push(stream.key().to_vec());
            }
            let by_ord: Vec<Option<Arc<P>>> = encoded
                .par_iter()
                .map(|bytes| decode::<P>(bytes).map(Arc::new))
                .collect();
            drop(encoded);
            let mut docs = Vec::with_capacity(segment.num_docs() as usize);
            for doc in segment.doc_ids_alive() {
                let profile = column
                    .term_ords(doc)
                    .next()
                    .and_then(|ord| by_ord.get(ord as usize).cloned().flatten())
                    .ok_or_else(|| {
                        damaged(format!("{} without a readable profile", side.kind()))
                    })?;
                docs.push((doc, profile));
            }
            per_segment.push(docs);
            max_docs.push(segment.max_doc() as usize);
        }
        let mut sorted: Vec<(Arc<P>, usize, u32)> = per_segment
            .iter()
            .enumerate()
            .flat_map(|(seg, docs)| docs.iter().map(move |(doc, p)| (p.clone(), seg, *doc)))
            .collect();
        sorted.sort_by(|a, b| a.0.id().cmp(b.0.id()));
        let mut by_address: Vec<Vec<u32>> = max_docs.iter().map(|&n| vec![u32::MAX; n]).collect();
        for (i, (_, seg, doc)) in sorted.iter().enumerate() {
            by_address[*seg][*doc as usize] = i as u32;
        }
        let sorted: Vec<Arc<P>> = sorted.into_iter().map(|(p, _, _)| p).collect();
        let by_id = sorted
            .iter()
            .enumerate()
            .map(|(i, p)| (Arc::from(p.id()), i))
            .collect();
        Ok(Corpus {
            searcher,
            by_address,
            sorted,
            by_id,
            vocabulary: OnceLock::new(),
        })
    }

    /// One value per document address, in address order (segment, then
    /// document): `make(Some(position))` for a live document, `make(None)` for
    /// a deleted one. For tables an inner loop over tantivy's matches reads in
    /// the order it visits documents.
    pub(crate) fn address_table<T>(&self, make: impl Fn(Option<usize>) -> T) -> Vec<Vec<T>> {
        self.by_address
            .iter()
            .map(|segment| {
                segment
                    .iter()
                    .map(|&i| make((i != u32::MAX).then_some(i as usize)))
                    .collect()
            })
            .collect()
    }

    /// The index address of each alive document, by position.
    pub(crate) fn addresses(&self) -> Vec<DocAddress> {
        let mut out = vec![DocAddress::new(u32::MAX, u32::MAX); self.len()];
        for (s, segment) in self.by_address.iter().enumerate() {
            for (d, &i) in segment.iter().enumerate() {
                if let Some(slot) = out.get_mut(i as usize) {
                    *slot = DocAddress::new(s as u32, d as u32);
                }
            }
        }
        out
    }

    /// Position (in id order) of the document at an address; None if deleted.
    pub fn position_at(&self, address: DocAddress) -> Option<usize> {
        let i = *self
            .by_address
            .get(address.segment_ord as usize)?
            .get(address.doc_id as usize)?;
        (i != u32::MAX).then_some(i as usize)
    }

    /// Position (in id order) of the document with this id.
    pub fn position_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Every alive profile, sorted by id.
    pub fn all(&self) -> &[Arc<P>] {
        &self.sorted
    }

    /// Every alive profile, sorted by id, for index-wide passes that amend
    /// profiles (posting checks); ids must not change.
    pub fn profiles_mut(&mut self) -> &mut [Arc<P>] {
        &mut self.sorted
    }

    /// Number of alive documents.
    pub fn len(&self) -> usize {
        self.sorted.len()
    }

    /// The corpus's term statistics (computed on first use).
    pub fn vocabulary(&self) -> &Vocabulary {
        self.vocabulary
            .get_or_init(|| Vocabulary::build(self.sorted.iter().map(|p| p.terms())))
    }
}
