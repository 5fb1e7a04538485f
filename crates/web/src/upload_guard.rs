//! Bounds what an uploaded spreadsheet may cost before the reader sees it, runs the reader off
//! the async workers, and lets only a few imports run at once.
//!
//! An .xlsx file is a zip archive of XML parts. The reader keeps some parts whole in memory
//! (the shared-strings table above all) and streams the worksheets, so a small upload whose
//! parts inflate to hundreds of megabytes would take as much memory and minutes of work. Every
//! upload is therefore inspected first: the number of entries and the size of the central
//! directory, the sizes each part declares, and then the size each part really inflates to,
//! counted while inflating and stopped at the limit (a declared size may lie). The text
//! between two tags of the parts the reader parses is bounded too, since the reader holds one
//! such text whole, several times over, while it decodes it.

use std::io::{Cursor, Read};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use touyan_storage::StorageError;

use crate::error::{ErrorInfo, WebError, WebResult};
use crate::i18n::Tr;
use crate::sheet::{self, BadCell, Row, SheetError, SheetSpec};

/// File uploads are limited to the largest file taken plus room for the form's other parts.
pub(crate) const UPLOAD_LIMIT: usize = touyan_domain::files::MAX_FILE_BYTES + 64 * 1024;

/// Largest spreadsheet an import accepts.
pub const IMPORT_LIMIT: usize = 48 * 1024 * 1024;

/// Reads the `file` part of a multipart body.
pub(crate) async fn file_part(m: &mut axum::extract::Multipart) -> WebResult<(String, Vec<u8>)> {
    while let Some(field) = m
        .next_field()
        .await
        .map_err(|_| WebError::BadRequest("err.body_too_large"))?
    {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("import.xlsx").to_string();
            let bytes = field
                .bytes()
                .await
                .map_err(|_| WebError::BadRequest("err.body_too_large"))?;
            if bytes.is_empty() {
                break;
            }
            return Ok((name, bytes.to_vec()));
        }
    }
    Err(StorageError::field("file", "err.file_required").into())
}

/// What one upload may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Entries in the archive.
    pub entries: usize,
    /// Bytes of the central directory (the archive's table of contents).
    pub directory: u64,
    /// Inflated bytes of a worksheet (`xl/worksheets/*.xml`), which the reader streams.
    pub worksheet: u64,
    /// Inflated bytes of any other part; the reader keeps the ones it reads whole.
    pub part: u64,
    /// Inflated bytes of all parts together.
    pub total: u64,
    /// Bytes between two tags (`<`) of a worksheet or the shared-strings table.
    pub text_run: u64,
}

const MIB: u64 = 1024 * 1024;

/// The limits every import uses.
///
/// The largest file the project benchmarks is the 100 000-row people file of `touyan
/// bench-people` (docs/benchmarks.md, "People"). A file of its shape (the same cell forms: 11
/// filled cells a row, every text in the shared-strings table) inflates to about 40 MiB of
/// worksheet and 7 MiB of shared strings, in 10 entries (docs/benchmarks.md, "Import
/// limits"). An import may hold twice as many rows (`sheet::MAX_ROWS`, 200 000): about 80 and
/// 14 MiB. The worksheet limit leaves 1.6 times that, the limit of the other parts (the
/// shared strings above all) 4.5 times, the total 1.7 times. Real workbooks have a few dozen
/// entries (more with pictures or comments); 1 000 and a 1 MiB directory leave room for
/// those. Excel keeps at most 32 767 characters in a cell, at most 4 bytes each in UTF-8 (6
/// when written as an entity such as `&quot;`), so no cell of a real file needs a text run
/// near 1 MiB; the reported file had one of 600 MiB.
pub const LIMITS: Limits = Limits {
    entries: 1_000,
    directory: MIB,
    worksheet: 128 * MIB,
    part: 64 * MIB,
    total: 160 * MIB,
    text_run: MIB,
};

/// Why an upload was refused before reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not a zip archive, or one that cannot be inflated.
    NotAnArchive,
    TooManyEntries,
    /// One part inflates (or says it does) beyond its limit, in bytes.
    PartTooLarge(u64),
    /// All parts together inflate beyond the limit, in bytes.
    TooLarge(u64),
    /// A text between two tags is longer than the limit.
    TextTooLong,
}

impl Refusal {
    /// Translation key (with its arguments) of the message shown for the `file` field.
    pub fn key(&self) -> String {
        match self {
            Refusal::NotAnArchive => "err.sheet_unreadable".into(),
            Refusal::TooManyEntries => "imp.too_many_entries".into(),
            Refusal::PartTooLarge(n) => format!("imp.part_too_large|mib={}", n / MIB),
            Refusal::TooLarge(n) => format!("imp.too_large|mib={}", n / MIB),
            Refusal::TextTooLong => "imp.text_too_long".into(),
        }
    }
}

/// End of central directory record: its signature and fixed length.
const EOCD_SIGNATURE: [u8; 4] = [0x50, 0x4b, 0x05, 0x06];
const EOCD_LEN: usize = 22;
/// The record ends with a comment of at most this many bytes.
const MAX_COMMENT: usize = u16::MAX as usize;

/// Entry count and directory size from the end record, read before the zip reader builds its
/// table of every entry (which costs memory per entry). Values of 0xFFFF / 0xFFFFFFFF mark a
/// ZIP64 archive, whose counts live elsewhere: no spreadsheet this small needs one.
fn end_record(bytes: &[u8]) -> Option<(u64, u64)> {
    let from = bytes.len().saturating_sub(EOCD_LEN + MAX_COMMENT);
    let tail = &bytes[from..];
    let at = (0..=tail.len().checked_sub(EOCD_LEN)?)
        .rev()
        .find(|&i| tail[i..i + 4] == EOCD_SIGNATURE)?;
    let r = &tail[at..at + EOCD_LEN];
    let u16_at = |i: usize| u64::from(u16::from_le_bytes([r[i], r[i + 1]]));
    let u32_at = |i: usize| u64::from(u32::from_le_bytes([r[i], r[i + 1], r[i + 2], r[i + 3]]));
    Some((u16_at(10), u32_at(12)))
}

/// Whether the reader streams this part (worksheets) or may keep it whole.
fn is_worksheet(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("xl/worksheets/") && lower.ends_with(".xml") && !lower[14..].contains('/')
}

/// Whether the reader parses the text of this part.
fn is_parsed_text(name: &str) -> bool {
    is_worksheet(name) || name.eq_ignore_ascii_case("xl/sharedStrings.xml")
}

/// Checks an upload against `limits` without keeping any inflated part: see the module.
pub fn inspect(bytes: &[u8], limits: &Limits) -> Result<(), Refusal> {
    let (entries, directory) = end_record(bytes).ok_or(Refusal::NotAnArchive)?;
    if entries > limits.entries as u64 || directory > limits.directory {
        return Err(Refusal::TooManyEntries);
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| Refusal::NotAnArchive)?;
    if zip.len() > limits.entries {
        return Err(Refusal::TooManyEntries);
    }
    let limit_of = |name: &str| {
        if is_worksheet(name) {
            limits.worksheet
        } else {
            limits.part
        }
    };
    // What the parts declare: a cheap early answer for an honest large file.
    let mut declared = 0u64;
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(|_| Refusal::NotAnArchive)?;
        let limit = limit_of(f.name());
        if f.size() > limit {
            return Err(Refusal::PartTooLarge(limit));
        }
        declared = declared.saturating_add(f.size());
    }
    if declared > limits.total {
        return Err(Refusal::TooLarge(limits.total));
    }
    // What they really inflate to.
    let mut total = 0u64;
    for i in 0..zip.len() {
        let f = zip.by_index(i).map_err(|_| Refusal::NotAnArchive)?;
        let limit = limit_of(f.name());
        let text_run = is_parsed_text(f.name()).then_some(limits.text_run);
        let n = inflated_size(f, limit, text_run)?;
        total += n;
        if total > limits.total {
            return Err(Refusal::TooLarge(limits.total));
        }
    }
    Ok(())
}

/// Inflates `part` into nothing, answering its size; stops as soon as it passes `limit`, or a
/// run of bytes without a `<` passes `text_run`.
fn inflated_size(part: impl Read, limit: u64, text_run: Option<u64>) -> Result<u64, Refusal> {
    let mut part = part.take(limit + 1);
    let mut buf = vec![0u8; 64 * 1024];
    let (mut size, mut run) = (0u64, 0u64);
    loop {
        let n = match part.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return Err(Refusal::NotAnArchive),
        };
        size += n as u64;
        if size > limit {
            return Err(Refusal::PartTooLarge(limit));
        }
        if let Some(max) = text_run {
            // The first piece continues the run of the chunk before; each `<` ends one.
            let mut pieces = buf[..n].split(|&b| b == b'<');
            run += pieces.next().map_or(0, |p| p.len() as u64);
            for p in pieces {
                if run > max {
                    return Err(Refusal::TextTooLong);
                }
                run = p.len() as u64;
            }
            if run > max {
                return Err(Refusal::TextTooLong);
            }
        }
    }
    Ok(size)
}

/// The error a refused or unreadable upload answers: 422 with the message on the `file` field,
/// which the API sends in its error shape and the import pages show on the form.
pub fn file_error(key: &str) -> WebError {
    WebError::Storage(StorageError::field("file", key))
}

/// Inspects `bytes` with [`LIMITS`], then reads them with `read`, on the calling thread (a
/// blocking one). A panic of the reader (a damaged file can make it index past a table)
/// answers "unreadable" like any other unreadable file.
pub fn guarded<T>(bytes: &[u8], read: impl FnOnce(&[u8]) -> Result<T, SheetError>) -> WebResult<T> {
    inspect(bytes, &LIMITS).map_err(|r| file_error(&r.key()))?;
    unwound(|| read(bytes).map_err(|e| file_error(e.key())))
}

/// Runs `f`, turning a panic into the "unreadable file" error.
pub fn unwound<T>(f: impl FnOnce() -> WebResult<T>) -> WebResult<T> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| {
        tracing::warn!("the spreadsheet reader gave up on a damaged file");
        Err(file_error(SheetError::Unreadable.key()))
    })
}

/// [`guarded`] on a blocking thread, off the async workers.
pub async fn read_off_runtime<T: Send + 'static>(
    bytes: Bytes,
    read: impl FnOnce(&[u8]) -> Result<T, SheetError> + Send + 'static,
) -> WebResult<T> {
    joined(tokio::task::spawn_blocking(move || guarded(&bytes, read)).await)
}

/// `f` (more work on an upload already inspected, such as a second pass or the marked copy)
/// on a blocking thread, a panic answering "unreadable".
pub async fn off_runtime<T: Send + 'static>(
    f: impl FnOnce() -> WebResult<T> + Send + 'static,
) -> WebResult<T> {
    joined(tokio::task::spawn_blocking(move || unwound(f)).await)
}

/// The marked copy of a refused file ([`sheet::marked_copy`]), written on a blocking thread;
/// answers it with the bad cells handed back.
pub async fn marked_copy(
    spec: SheetSpec,
    rows: Vec<Row>,
    bad: Vec<BadCell>,
    tr: Tr,
) -> WebResult<(Vec<u8>, Vec<BadCell>)> {
    let note = tr.t("pcol.import_note").to_string();
    joined(
        tokio::task::spawn_blocking(move || {
            let marked = sheet::marked_copy(&spec, &rows, &bad, &note)
                .map_err(|e| WebError::Internal(e.to_string()))?;
            Ok((marked, bad))
        })
        .await,
    )
}

fn joined<T>(r: Result<WebResult<T>, tokio::task::JoinError>) -> WebResult<T> {
    r.map_err(|e| WebError::Internal(format!("an import's reader stopped: {e}")))?
}

/// How long an import waits for a turn before it is told to come back.
///
/// Waiting a little absorbs a double submit or two people importing at once (the largest
/// import takes seconds, not minutes); waiting longer would keep the upload, already in
/// memory, and the connection held for nothing, so beyond this the answer is 429 with
/// `Retry-After`.
const WAIT: Duration = Duration::from_secs(10);

/// At most a few imports read and check files at once.
pub struct ImportGate {
    permits: Arc<Semaphore>,
    wait: Duration,
}

impl ImportGate {
    pub fn new(permits: usize, wait: Duration) -> Self {
        ImportGate {
            permits: Arc::new(Semaphore::new(permits.max(1))),
            wait,
        }
    }

    /// One import per two cores (at least one): an import keeps a reading thread and the
    /// database writes busy, so this leaves the other half for every other request.
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        ImportGate::new((cores / 2).max(1), WAIT)
    }

    /// A turn, held until the permit is dropped, or [`Busy`] after waiting the bounded time.
    pub async fn admit(&self) -> Result<OwnedSemaphorePermit, Busy> {
        match tokio::time::timeout(self.wait, self.permits.clone().acquire_owned()).await {
            Ok(Ok(permit)) => Ok(permit),
            _ => Err(Busy {
                retry_after: self.wait.as_secs().max(1) as i64,
            }),
        }
    }
}

impl Default for ImportGate {
    fn default() -> Self {
        ImportGate::for_this_machine()
    }
}

/// Every import's turn is taken: 429 with `Retry-After`, in the error shape of the caller.
#[derive(Debug)]
pub struct Busy {
    pub retry_after: i64,
}

impl Busy {
    pub const KEY: &'static str = "imp.busy";

    /// The same on an import page's form, which shows its errors beside the file.
    pub fn on_form(&self) -> WebError {
        file_error(Busy::KEY)
    }
}

impl IntoResponse for Busy {
    fn into_response(self) -> Response {
        let mut r = StatusCode::TOO_MANY_REQUESTS.into_response();
        r.extensions_mut().insert(ErrorInfo {
            status: StatusCode::TOO_MANY_REQUESTS,
            code: "busy",
            key: Busy::KEY.to_string(),
            fields: Default::default(),
            retry_after: Some(self.retry_after),
        });
        r
    }
}

#[cfg(test)]
#[path = "upload_guard_tests.rs"]
mod tests;
