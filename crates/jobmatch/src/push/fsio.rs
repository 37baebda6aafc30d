//! Crash-safe file writing and stable hashing.

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// FNV-1a, 64 bits: a stable (platform- and release-independent) hash used for
/// shard assignment, fingerprints and record checksums.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    pub fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    /// Writes a length-prefixed field, so that field boundaries count.
    pub fn field(&mut self, bytes: &[u8]) {
        self.write(&(bytes.len() as u64).to_le_bytes());
        self.write(bytes);
    }

    pub fn finish(self) -> u64 {
        // splitmix64 finaliser: spreads FNV's low-entropy high bits.
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// Hash of one byte string.
pub(crate) fn hash(bytes: &[u8]) -> u64 {
    let mut h = Fnv::default();
    h.write(bytes);
    h.finish()
}

/// Hash of a file's content (streamed).
pub(crate) fn hash_file(path: &Path) -> Result<u64> {
    use std::io::Read;
    let mut f = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut h = Fnv::default();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f.read(&mut buf).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        h.write(&buf[..n]);
    }
    Ok(h.finish())
}

/// Flushes a directory entry (after a rename or create) to disk. Best effort on
/// platforms where directories cannot be opened.
pub(crate) fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        let d = File::open(dir).map_err(|e| Error::io(dir, e))?;
        d.sync_all().map_err(|e| Error::io(dir, e))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.tmp"))
}

/// Writes `bytes` to `path` atomically: a temporary file in the same
/// directory, fsync, rename over `path`, fsync the directory. Readers see the
/// old file or the complete new one, never a part.
///
/// On failure (a read-only or full file system, ...) the temporary file is
/// removed and `path` is left as it was; the error names `path`.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |emit| emit(bytes).map_err(|e| Error::io(path, e)))
}

/// The buffer of [`write_atomic_with`].
const WRITE_BUFFER: usize = 16 << 10;

/// [`write_atomic`] of what `fill` emits, piece by piece (through a buffer),
/// so that a large file need not be held in memory. `fill` gets the function
/// that writes a piece; an error from it (or from `fill`) removes the
/// temporary file and leaves `path` as it was.
pub(crate) fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn FnMut(&[u8]) -> std::io::Result<()>) -> Result<()>,
) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let tmp = temp_path(path);
    let opened = (|| -> std::io::Result<File> {
        faults::check_open()?;
        OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)
    })();
    let file = match opened {
        Ok(f) => f,
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            return Err(Error::io(path, e));
        }
    };
    // Pieces larger than the buffer go straight to the file (the push's lines
    // are ~11 KB: copying them into a buffer first would only cost time).
    let mut out = std::io::BufWriter::with_capacity(WRITE_BUFFER, file);
    let filled = fill(&mut |bytes| faults::write_all(&mut out, bytes));
    let written = filled.and_then(|()| {
        out.into_inner()
            .map_err(|e| Error::io(path, e.into_error()))
            .and_then(|f| f.sync_all().map_err(|e| Error::io(path, e)))
    });
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    if let Err(e) = fs::rename(&tmp, path) {
        let _ = fs::remove_file(&tmp);
        return Err(Error::io(path, e));
    }
    sync_dir(dir)
}

/// [`write_atomic`]s on a thread of their own, in the order submitted, so
/// that the caller (the push's ranking, between chunks) does not wait for the
/// disk: each checkpoint is two `fsync`s, during which both ranking threads
/// stood idle. At most [`QUEUED`](Self::QUEUED) writes wait; a failed write
/// stops the thread, and its error is returned by the next
/// [`submit`](Self::submit) or by [`finish`](Self::finish).
pub(crate) struct BackgroundWriter {
    queue: Option<std::sync::mpsc::SyncSender<(PathBuf, Vec<u8>)>>,
    thread: Option<std::thread::JoinHandle<(Result<()>, faults::Carried)>>,
}

impl BackgroundWriter {
    /// Writes queued at most (each is a chunk of the push: a few hundred KB).
    const QUEUED: usize = 4;

    /// Starts the thread.
    pub(crate) fn start() -> Result<Self> {
        let (queue, jobs) = std::sync::mpsc::sync_channel::<(PathBuf, Vec<u8>)>(Self::QUEUED);
        let carried = faults::carry_out();
        let thread = std::thread::Builder::new()
            .name("jobmatch-checkpoints".into())
            .spawn(move || {
                faults::carry_in(carried);
                let written = jobs
                    .iter()
                    .try_for_each(|(path, bytes)| write_atomic(&path, &bytes));
                (written, faults::carry_out())
            })
            .map_err(|e| Error::io(Path::new("."), e))?;
        Ok(BackgroundWriter {
            queue: Some(queue),
            thread: Some(thread),
        })
    }

    /// Queues a write (waits while the queue is full). When the thread has
    /// stopped on an error, that error.
    pub(crate) fn submit(&mut self, path: PathBuf, bytes: Vec<u8>) -> Result<()> {
        let sent = self
            .queue
            .as_ref()
            .is_some_and(|q| q.send((path, bytes)).is_ok());
        if sent { Ok(()) } else { self.finish() }
    }

    /// Waits for the queued writes; the first error, if any.
    pub(crate) fn finish(&mut self) -> Result<()> {
        self.queue = None;
        let Some(thread) = self.thread.take() else {
            return Ok(());
        };
        match thread.join() {
            Ok((written, carried)) => {
                faults::carry_in(carried);
                written
            }
            Err(_) => Err(Error::io(
                Path::new("."),
                std::io::Error::other("the checkpoint writer stopped"),
            )),
        }
    }
}

impl Drop for BackgroundWriter {
    fn drop(&mut self) {
        let _ = self.finish();
    }
}

/// An exclusive advisory lock on a file (created when missing), held until the
/// value is dropped. Works across processes (`flock` on Unix).
#[derive(Debug)]
pub(crate) struct FileLock {
    _file: File,
}

/// Takes the lock at `path` without waiting: [`Error::Locked`] naming
/// `locked` when another process (or another handle in this one) holds it.
pub(crate) fn try_lock(path: &Path, locked: &Path) -> Result<FileLock> {
    use fs4::fs_std::FileExt;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    match FileExt::try_lock_exclusive(&file) {
        Ok(true) => Ok(FileLock { _file: file }),
        Ok(false) => Err(Error::Locked {
            path: locked.to_path_buf(),
        }),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// Test-only fault injection for the crash-safe writers: make the next writes
/// fail as on a read-only or full file system. Does nothing outside tests.
pub(crate) mod faults {
    use std::io::Write;

    #[cfg(test)]
    thread_local! {
        static FAULT: std::cell::Cell<Option<Fault>> = const { std::cell::Cell::new(None) };
    }

    /// A fault to inject.
    #[cfg(test)]
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub(crate) enum Fault {
        /// Opening a file for writing fails (read-only file system).
        ReadOnly,
        /// Writing fails once this many more bytes have been written (full disk).
        FullAfter(u64),
    }

    /// Injects `fault` into this thread's writes until [`clear`].
    #[cfg(test)]
    pub(crate) fn inject(fault: Fault) {
        FAULT.with(|f| f.set(Some(fault)));
    }

    /// Stops injecting faults.
    #[cfg(test)]
    pub(crate) fn clear() {
        FAULT.with(|f| f.set(None));
    }

    /// A thread's injected fault, as carried to another thread (nothing
    /// outside tests).
    #[cfg(test)]
    pub(crate) type Carried = Option<Fault>;
    /// A thread's injected fault, as carried to another thread (nothing
    /// outside tests).
    #[cfg(not(test))]
    #[derive(Debug, Clone, Copy)]
    pub(crate) struct Carried;

    /// This thread's fault, removed, to carry to another thread (a writer
    /// thread goes on with the same byte budget of a full disk).
    #[cfg(test)]
    pub(crate) fn carry_out() -> Carried {
        FAULT.with(std::cell::Cell::take)
    }

    /// Injects a carried fault into this thread.
    #[cfg(test)]
    pub(crate) fn carry_in(carried: Carried) {
        FAULT.with(|f| f.set(carried));
    }

    /// Nothing to carry outside tests.
    #[cfg(not(test))]
    pub(crate) fn carry_out() -> Carried {
        Carried
    }

    /// Nothing to carry outside tests.
    #[cfg(not(test))]
    pub(crate) fn carry_in(_: Carried) {}

    pub(crate) fn check_open() -> std::io::Result<()> {
        #[cfg(test)]
        if FAULT.with(std::cell::Cell::get) == Some(Fault::ReadOnly) {
            return Err(std::io::Error::from_raw_os_error(30)); // EROFS
        }
        Ok(())
    }

    pub(crate) fn write_all(w: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
        #[cfg(test)]
        if let Some(Fault::FullAfter(left)) = FAULT.with(std::cell::Cell::get) {
            let n = (bytes.len() as u64).min(left) as usize;
            w.write_all(&bytes[..n])?;
            FAULT.with(|f| f.set(Some(Fault::FullAfter(left - n as u64))));
            if n < bytes.len() {
                return Err(std::io::Error::from_raw_os_error(28)); // ENOSPC
            }
            return Ok(());
        }
        w.write_all(bytes)
    }
}

/// Reads a file, `None` when it does not exist.
pub(crate) fn read_optional(path: &Path) -> Result<Option<Vec<u8>>> {
    match fs::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// An error about a damaged or foreign file in the work directory.
pub(crate) fn corrupt(path: &Path, message: impl Into<String>) -> Error {
    Error::io(
        path,
        std::io::Error::new(std::io::ErrorKind::InvalidData, message.into()),
    )
}

/// Frames a payload with a checksum: `len u32 LE | hash u64 LE | payload`.
pub(crate) fn frame(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + 12);
    out.extend_from_slice(&frame_header(payload));
    out.extend_from_slice(payload);
    out
}

/// The 12 bytes [`frame`] puts before a payload (for writing a large payload
/// without copying it).
pub(crate) fn frame_header(payload: &[u8]) -> [u8; 12] {
    let mut header = [0u8; 12];
    header[..4].copy_from_slice(&(payload.len() as u32).to_le_bytes());
    header[4..].copy_from_slice(&hash(payload).to_le_bytes());
    header
}

/// Reads one frame at the start of `bytes`: the payload and the frame's full
/// length, or `None` when the frame is truncated or its checksum fails.
pub(crate) fn unframe(bytes: &[u8]) -> Option<(&[u8], usize)> {
    let len = u32::from_le_bytes(bytes.get(0..4)?.try_into().ok()?) as usize;
    let sum = u64::from_le_bytes(bytes.get(4..12)?.try_into().ok()?);
    let payload = bytes.get(12..12 + len)?;
    (hash(payload) == sum).then_some((payload, 12 + len))
}

/// Encodes a value as a frame's payload (see [`frame`]): an error when it is
/// longer than a frame's length field can say, rather than a frame whose
/// length is cut short.
pub(crate) fn encode<T: serde::Serialize>(value: &T, path: &Path) -> Result<Vec<u8>> {
    let payload = bincode::serde::encode_to_vec(value, bincode::config::standard())
        .map_err(|e| corrupt(path, format!("cannot encode: {e}")))?;
    fits_a_frame(payload.len(), path)?;
    Ok(payload)
}

/// Whether a payload of `len` bytes fits a frame (its length is a `u32`).
fn fits_a_frame(len: usize, path: &Path) -> Result<()> {
    if u32::try_from(len).is_err() {
        return Err(Error::io(
            path,
            std::io::Error::new(
                std::io::ErrorKind::FileTooLarge,
                format!(
                    "cannot write a record of {len} bytes (a record holds at most {} bytes; run the push in shards)",
                    u32::MAX
                ),
            ),
        ));
    }
    Ok(())
}

pub(crate) fn decode<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    bincode::serde::decode_from_slice(bytes, bincode::config::standard())
        .ok()
        .map(|(v, _)| v)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn payloads_past_a_frames_length_field_are_refused() {
        let path = Path::new("history.log");
        assert!(fits_a_frame(u32::MAX as usize, path).is_ok());
        let err = fits_a_frame(u32::MAX as usize + 1, path)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("history.log") && err.contains("shards"),
            "{err}"
        );
    }

    #[test]
    fn frames_round_trip_and_detect_damage() {
        let f = frame(b"hello");
        assert_eq!(unframe(&f), Some((&b"hello"[..], f.len())));
        assert_eq!(unframe(&f[..f.len() - 1]), None);
        let mut bad = f.clone();
        bad[13] ^= 1;
        assert_eq!(unframe(&bad), None);
    }

    #[test]
    fn the_background_writer_writes_every_file_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut writer = BackgroundWriter::start().unwrap();
        for i in 0..20u8 {
            // The same file rewritten: the last write must win.
            writer.submit(dir.path().join("same"), vec![i; 3]).unwrap();
            writer
                .submit(dir.path().join(format!("f{i}")), vec![i; 100])
                .unwrap();
        }
        writer.finish().unwrap();
        assert_eq!(fs::read(dir.path().join("same")).unwrap(), vec![19u8; 3]);
        for i in 0..20u8 {
            assert_eq!(
                fs::read(dir.path().join(format!("f{i}"))).unwrap(),
                vec![i; 100]
            );
        }
        // Finishing again changes nothing.
        writer.finish().unwrap();
    }

    #[test]
    fn a_failed_background_write_is_returned_and_stops_the_writer() {
        let dir = tempfile::tempdir().unwrap();
        // A full disk after 150 bytes: the second file cannot be written.
        faults::inject(faults::Fault::FullAfter(150));
        let mut writer = BackgroundWriter::start().unwrap();
        let mut first_error = None;
        for i in 0..10u8 {
            if let Err(e) = writer.submit(dir.path().join(format!("f{i}")), vec![i; 100]) {
                first_error = Some(e);
                break;
            }
        }
        let error = match first_error {
            Some(e) => e,
            None => writer.finish().unwrap_err(),
        };
        faults::clear();
        assert!(error.to_string().contains("f1"), "{error}");
        assert_eq!(fs::read(dir.path().join("f0")).unwrap(), vec![0u8; 100]);
        assert!(!dir.path().join("f1").exists());
        // Nothing after the failed write was written.
        assert!((2..10).all(|i| !dir.path().join(format!("f{i}")).exists()));
        // The error is not returned twice.
        writer.finish().unwrap();
    }

    #[test]
    fn hash_is_stable() {
        assert_eq!(hash(b"S0000001"), hash(b"S0000001"));
        assert_ne!(hash(b"S0000001"), hash(b"S0000002"));
    }
}
