//! Opening, creating and writing one tantivy index (postings or seekers).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tantivy::directory::MmapDirectory;
use tantivy::directory::error::{LockError, OpenDirectoryError};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, TantivyError, Term};

use super::schema::{Fields, Side, build_schema};
use crate::analysis::{ANALYZER_NAME, text_analyzer};
use crate::error::{Error, Result};

/// Version of what the index stores per document (schema and profile encoding).
/// Bump it whenever `profile.rs` or the schema changes shape: an index written
/// with another version is refused with a clear error instead of misread.
pub(crate) const STORAGE_FORMAT: u32 = 3;
const FORMAT_FILE: &str = "jobmatch-format";

/// Checks (or, for a new index, writes) the storage format marker of `path`.
fn check_format(path: &Path, is_new: bool) -> Result<()> {
    let marker = path.join(FORMAT_FILE);
    let expected = format!("jobmatch-index {STORAGE_FORMAT}\n");
    if is_new {
        let tmp = path.join(format!("{FORMAT_FILE}.tmp"));
        std::fs::write(&tmp, &expected).map_err(|e| Error::io(&tmp, e))?;
        return std::fs::rename(&tmp, &marker).map_err(|e| Error::io(&marker, e));
    }
    match std::fs::read_to_string(&marker) {
        Ok(found) if found == expected => Ok(()),
        Ok(found) => Err(index_err(
            path,
            format!(
                "written in storage format `{}`, this build reads `{}`: rebuild the index",
                found.trim(),
                expected.trim()
            ),
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(index_err(
            path,
            "no jobmatch format marker: not a jobmatch index, or written by an older version; rebuild the index",
        )),
        Err(e) => Err(Error::io(&marker, e)),
    }
}

/// One index with its reader and (lazily) its writer.
pub(crate) struct Store {
    pub side: Side,
    pub index: Index,
    pub reader: IndexReader,
    pub fields: Fields,
    path: PathBuf,
    writer: Mutex<Option<IndexWriter>>,
    writer_memory: usize,
    writer_threads: usize,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Store({}, {})",
            self.side.dir_name(),
            self.path.display()
        )
    }
}

fn index_err(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Index {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

impl Store {
    /// Opens the index in `dir/<side>`, creating it when absent; `None` for RAM.
    pub fn open(
        side: Side,
        dir: Option<&Path>,
        writer_memory: usize,
        writer_threads: usize,
    ) -> Result<Store> {
        let (schema, fields) = build_schema();
        let (index, path) = match dir {
            None => (Index::create_in_ram(schema.clone()), PathBuf::from("<ram>")),
            Some(dir) => {
                let path = dir.join(side.dir_name());
                std::fs::create_dir_all(&path).map_err(|e| Error::io(&path, e))?;
                let mmap = MmapDirectory::open(&path).map_err(|e| match e {
                    OpenDirectoryError::DoesNotExist(_) | OpenDirectoryError::NotADirectory(_) => {
                        index_err(&path, e)
                    }
                    other => index_err(&path, other),
                })?;
                let is_new = !Index::exists(&mmap).map_err(|e| index_err(&path, e))?;
                if !is_new {
                    check_format(&path, false)?;
                }
                let index =
                    Index::open_or_create(mmap, schema.clone()).map_err(|e| index_err(&path, e))?;
                if is_new {
                    check_format(&path, true)?;
                }
                if index.schema() != schema {
                    return Err(index_err(
                        &path,
                        "the index was written by an incompatible version (schema differs)",
                    ));
                }
                (index, path)
            }
        };
        index.tokenizers().register(ANALYZER_NAME, text_analyzer());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| index_err(&path, e))?;
        Ok(Store {
            side,
            index,
            reader,
            fields,
            path,
            writer: Mutex::new(None),
            writer_memory,
            writer_threads,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn with_writer<T>(&self, f: impl FnOnce(&mut IndexWriter) -> Result<T>) -> Result<T> {
        let mut guard = self
            .writer
            .lock()
            .map_err(|_| index_err(&self.path, "writer lock poisoned"))?;
        if guard.is_none() {
            let writer = self
                .index
                .writer_with_num_threads(self.writer_threads.max(1), self.writer_memory)
                .map_err(|e| match e {
                    TantivyError::LockFailure(LockError::LockBusy, _) => Error::IndexLocked {
                        path: self.path.clone(),
                    },
                    other => index_err(&self.path, other),
                })?;
            *guard = Some(writer);
        }
        match guard.as_mut() {
            Some(w) => f(w),
            None => Err(index_err(&self.path, "no writer")),
        }
    }

    /// Takes the write lock now (so that a second writer fails early).
    pub fn lock_for_writing(&self) -> Result<()> {
        self.with_writer(|_| Ok(()))
    }

    /// Replaces (or adds) documents by id.
    pub fn upsert(&self, docs: Vec<(String, TantivyDocument)>) -> Result<()> {
        let id_field = self.fields.id;
        self.with_writer(|w| {
            for (id, doc) in docs {
                w.delete_term(Term::from_field_text(id_field, &id));
                w.add_document(doc).map_err(|e| index_err(&self.path, e))?;
            }
            Ok(())
        })
    }

    /// Deletes documents by id.
    pub fn delete(&self, ids: &[String]) -> Result<()> {
        let id_field = self.fields.id;
        self.with_writer(|w| {
            for id in ids {
                w.delete_term(Term::from_field_text(id_field, id));
            }
            Ok(())
        })
    }

    /// Commits pending writes (a no-op without a writer) and reloads the reader.
    pub fn commit(&self) -> Result<()> {
        let mut guard = self
            .writer
            .lock()
            .map_err(|_| index_err(&self.path, "writer lock poisoned"))?;
        if let Some(w) = guard.as_mut() {
            w.commit().map_err(|e| index_err(&self.path, e))?;
        }
        drop(guard);
        self.reader.reload().map_err(|e| index_err(&self.path, e))
    }

    /// Merges every committed segment into one (a no-op with one or none),
    /// commits and reloads the reader.
    pub fn merge_segments(&self) -> Result<()> {
        let ids = self
            .index
            .searchable_segment_ids()
            .map_err(|e| index_err(&self.path, e))?;
        if ids.len() < 2 {
            return Ok(());
        }
        self.with_writer(|w| {
            w.merge(&ids).wait().map_err(|e| index_err(&self.path, e))?;
            Ok(())
        })?;
        self.commit()
    }

    /// Drops the writer (and its lock) after waiting for merges.
    pub fn close_writer(&self) -> Result<()> {
        let mut guard = self
            .writer
            .lock()
            .map_err(|_| index_err(&self.path, "writer lock poisoned"))?;
        if let Some(w) = guard.take() {
            w.wait_merging_threads()
                .map_err(|e| index_err(&self.path, e))?;
        }
        Ok(())
    }
}
