//! One side's documents as of one searcher snapshot: the profiles (decoded,
//! or held encoded and decoded when asked for), an id map, and (lazily) the
//! scoring forms with that corpus's vocabulary.

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

/// How a corpus holds its profiles between uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Residency {
    /// Every profile decoded once, at load (postings: the scoring forms need
    /// them all).
    Decoded,
    /// Profiles kept as their encoded bytes (about a quarter of the decoded
    /// size) and decoded one at a time when asked for; the whole corpus is
    /// decoded only by a pass that needs every profile at once. For a side
    /// that is mostly queried one document at a time (seekers in the push: a
    /// million decoded profiles were 1.8 GB of its memory).
    Encoded,
}

/// Byte strings laid end to end, by position.
#[derive(Debug, Default)]
struct Packed {
    bytes: Vec<u8>,
    /// End of each entry in `bytes`.
    ends: Vec<usize>,
}

impl Packed {
    fn with_capacity(entries: usize, bytes: usize) -> Packed {
        Packed {
            bytes: Vec::with_capacity(bytes),
            ends: Vec::with_capacity(entries),
        }
    }

    fn push(&mut self, entry: &[u8]) {
        self.bytes.extend_from_slice(entry);
        self.ends.push(self.bytes.len());
    }

    fn get(&self, i: usize) -> Option<&[u8]> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.bytes.get(start..end)
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn str(&self, i: usize) -> &str {
        self.get(i)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("")
    }
}

/// Profiles of one side, with lookups by id and by document address.
pub(crate) struct Corpus<P> {
    pub searcher: Searcher,
    /// `[segment_ord][doc_id]` → position in id order (`u32::MAX` for deleted documents).
    by_address: Vec<Vec<u32>>,
    /// Alive documents' ids, sorted (positions are indexes here).
    ids: Packed,
    /// Alive documents' encoded profiles by position ([`Residency::Encoded`];
    /// empty once `decoded` is the only copy).
    encoded: Packed,
    /// Alive profiles by position, when decoded.
    decoded: OnceLock<Vec<Arc<P>>>,
    vocabulary: OnceLock<Vocabulary>,
}

impl<P> std::fmt::Debug for Corpus<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Corpus({} documents)", self.ids.len())
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

/// One alive document as loaded: its id, address and profile (decoded, or
/// only its encoded bytes).
struct Loaded<P> {
    id: String,
    segment: usize,
    doc: u32,
    profile: Option<Arc<P>>,
    /// Index into the segment's encoded profiles (by ordinal).
    ord: usize,
}

impl<P: DeserializeOwned + HasTerms + Send + Sync> Corpus<P> {
    /// Reads every alive document's profile; every one is decoded (so that a
    /// damaged index is found here), and kept as `residency` says.
    pub fn load(
        searcher: Searcher,
        side: Side,
        path: &std::path::Path,
        residency: Residency,
    ) -> Result<Corpus<P>> {
        let damaged = |message: String| Error::Index {
            path: path.to_path_buf(),
            message,
        };
        let mut loaded: Vec<Loaded<P>> = Vec::new();
        let mut encoded_by_segment: Vec<Vec<Vec<u8>>> = Vec::new();
        let mut max_docs = Vec::new();
        for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
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
            let by_ord: Vec<Option<(String, Option<Arc<P>>)>> = encoded
                .par_iter()
                .map(|bytes| {
                    let profile = decode::<P>(bytes)?;
                    let id = profile.id().to_string();
                    Some(match residency {
                        Residency::Decoded => (id, Some(Arc::new(profile))),
                        Residency::Encoded => (id, None),
                    })
                })
                .collect();
            for doc in segment.doc_ids_alive() {
                let (ord, (id, profile)) = column
                    .term_ords(doc)
                    .next()
                    .and_then(|ord| {
                        let entry = by_ord.get(ord as usize)?.as_ref()?;
                        Some((ord as usize, entry))
                    })
                    .ok_or_else(|| {
                        damaged(format!("{} without a readable profile", side.kind()))
                    })?;
                loaded.push(Loaded {
                    id: id.clone(),
                    segment: segment_ord,
                    doc,
                    profile: profile.clone(),
                    ord,
                });
            }
            max_docs.push(segment.max_doc() as usize);
            if residency == Residency::Encoded {
                encoded_by_segment.push(encoded);
            }
        }
        loaded.sort_by(|a, b| a.id.cmp(&b.id));
        let mut by_address: Vec<Vec<u32>> = max_docs.iter().map(|&n| vec![u32::MAX; n]).collect();
        let id_bytes = loaded.iter().map(|d| d.id.len()).sum();
        let mut ids = Packed::with_capacity(loaded.len(), id_bytes);
        for (i, d) in loaded.iter().enumerate() {
            by_address[d.segment][d.doc as usize] = i as u32;
            ids.push(d.id.as_bytes());
        }
        let (encoded, decoded) = match residency {
            Residency::Decoded => {
                let decoded: Option<Vec<Arc<P>>> = loaded.into_iter().map(|d| d.profile).collect();
                let decoded = decoded.ok_or_else(|| damaged("a profile was not decoded".into()))?;
                (Packed::default(), OnceLock::from(decoded))
            }
            Residency::Encoded => {
                let entry = |d: &Loaded<P>| -> &[u8] { &encoded_by_segment[d.segment][d.ord] };
                let size = loaded.iter().map(|d| entry(d).len()).sum();
                let mut encoded = Packed::with_capacity(loaded.len(), size);
                for d in &loaded {
                    encoded.push(entry(d));
                }
                (encoded, OnceLock::new())
            }
        };
        Ok(Corpus {
            searcher,
            by_address,
            ids,
            encoded,
            decoded,
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
        let (mut low, mut high) = (0, self.ids.len());
        while low < high {
            let mid = low + (high - low) / 2;
            match self.ids.str(mid).cmp(id) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// Every alive document's id, sorted.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        (0..self.ids.len()).map(|i| self.ids.str(i))
    }

    /// The profile at a position (id order): shared when the corpus is
    /// decoded, decoded now otherwise.
    pub fn get(&self, position: usize) -> Option<Arc<P>> {
        match self.decoded.get() {
            Some(all) => all.get(position).cloned(),
            None => self.encoded.get(position).and_then(decode).map(Arc::new),
        }
    }

    /// Every alive profile, sorted by id (decoded, and kept, on first use
    /// when the corpus holds them encoded).
    pub fn all(&self) -> &[Arc<P>] {
        self.decoded.get_or_init(|| {
            tracing::debug!(
                documents = self.encoded.len(),
                "decoding every profile of a corpus held encoded"
            );
            // Every entry decoded once already, at load (which fails on an
            // undecodable one), so none is dropped here and positions hold.
            let all: Vec<Arc<P>> = (0..self.encoded.len())
                .into_par_iter()
                .filter_map(|i| self.encoded.get(i).and_then(decode).map(Arc::new))
                .collect();
            debug_assert_eq!(all.len(), self.encoded.len());
            all
        })
    }

    /// Every alive profile, sorted by id, for index-wide passes that amend
    /// profiles (posting checks); ids must not change. The decoded profiles
    /// become the only copy.
    pub fn profiles_mut(&mut self) -> &mut [Arc<P>] {
        self.all();
        self.encoded = Packed::default();
        self.decoded.get_mut().map_or(&mut [], |v| v.as_mut_slice())
    }

    /// Number of alive documents.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// The corpus's term statistics (computed on first use).
    pub fn vocabulary(&self) -> &Vocabulary {
        self.vocabulary
            .get_or_init(|| Vocabulary::build(self.all().iter().map(|p| p.terms())))
    }
}
