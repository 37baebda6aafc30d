//! The tantivy side: schemas, writing, snapshots and candidate queries.
//!
//! Postings and seekers each live in their own tantivy index. What retrieval
//! filters and ranks on is indexed (text with jieba and stemming; occupation and
//! division codes at every level of their hierarchy as raw terms; expiry,
//! openings and coordinates as fast fields); what scoring reads is a bincode
//! [profile](crate::profile) in a bytes fast field, decoded once per snapshot.

pub(crate) mod collect;
pub(crate) mod corpus;
pub(crate) mod impact;
pub(crate) mod query;
pub(crate) mod schema;
pub(crate) mod store;
