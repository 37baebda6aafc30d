//! Atomic output files: written to a temporary file in the target directory, then renamed.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::GenError;

/// A file being written; it appears under its final name only after [`AtomicFile::commit`].
#[derive(Debug)]
pub(crate) struct AtomicFile {
    tmp: PathBuf,
    dest: PathBuf,
    name: &'static str,
    out: Option<BufWriter<File>>,
    pub lines: usize,
}

impl AtomicFile {
    pub(crate) fn create(dir: &Path, name: &'static str) -> Result<AtomicFile, GenError> {
        let dest = dir.join(name);
        let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
        let file = File::create(&tmp).map_err(|e| GenError::io(&tmp, e))?;
        Ok(AtomicFile {
            tmp,
            dest,
            name,
            out: Some(BufWriter::with_capacity(1 << 20, file)),
            lines: 0,
        })
    }

    fn writer(&mut self) -> Result<&mut BufWriter<File>, GenError> {
        match self.out.as_mut() {
            Some(w) => Ok(w),
            None => Err(GenError::io(
                &self.tmp,
                std::io::Error::other("file already committed"),
            )),
        }
    }

    /// Appends one JSON line.
    pub(crate) fn json<T: Serialize>(&mut self, value: &T) -> Result<(), GenError> {
        let name = self.name;
        let tmp = self.tmp.clone();
        let w = self.writer()?;
        serde_json::to_writer(&mut *w, value).map_err(|source| GenError::Json {
            file: name.to_string(),
            source,
        })?;
        w.write_all(b"\n").map_err(|e| GenError::io(&tmp, e))?;
        self.lines += 1;
        Ok(())
    }

    /// Appends one text line (without its newline).
    pub(crate) fn line(&mut self, text: &str) -> Result<(), GenError> {
        let tmp = self.tmp.clone();
        let w = self.writer()?;
        w.write_all(text.as_bytes())
            .and_then(|_| w.write_all(b"\n"))
            .map_err(|e| GenError::io(&tmp, e))?;
        self.lines += 1;
        Ok(())
    }

    /// Flushes, syncs and renames the file into place.
    pub(crate) fn commit(mut self) -> Result<usize, GenError> {
        let w = self.out.take().ok_or_else(|| {
            GenError::io(&self.tmp, std::io::Error::other("file already committed"))
        })?;
        let file = w
            .into_inner()
            .map_err(|e| GenError::io(&self.tmp, e.into_error()))?;
        file.sync_all().map_err(|e| GenError::io(&self.tmp, e))?;
        drop(file);
        std::fs::rename(&self.tmp, &self.dest).map_err(|e| GenError::io(&self.dest, e))?;
        Ok(self.lines)
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.out.take().is_some() {
            // Not committed (an error happened): leave no partial file behind.
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}
