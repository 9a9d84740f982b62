//! Running an export: households read page by page (`db::export_rows`) feed the spreadsheet
//! writers (`export`) on a blocking thread, so the server never holds them all. XLSX goes to a
//! temporary file first (a workbook is a zip written at the end); CSV streams as it is written.
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use futures::{Stream, StreamExt};

use super::db::export_rows::ExportPages;
use super::db::Db;
use super::error::internal;
use super::export::{CsvExport, ExportCounts, ExportHousehold, XlsxExport};
use crate::domain::access::Scope;
use crate::domain::dates::format_iso_timestamp;
use crate::domain::household_filter::HouseholdFilter;
use crate::error::AppError;
use crate::i18n::Lang;

/// Pages in flight between the reader and the writer.
const PAGES_IN_FLIGHT: usize = 2;

/// The title printed on the summary sheet.
pub fn export_title(filter: &HouseholdFilter) -> String {
    let q = filter.to_query_string();
    if q.is_empty() {
        "ครัวเรือนเป้าหมาย จังหวัดศรีสะเกษ".to_string()
    } else {
        format!("ครัวเรือนเป้าหมาย จังหวัดศรีสะเกษ (ตัวกรอง {})", q.trim_start_matches('?'))
    }
}

/// Writes the workbook of every household matching `filter` in `scope` to `path`.
pub async fn write_xlsx(
    db: &Db,
    scope: &Scope,
    filter: &HouseholdFilter,
    full_ids: bool,
    path: &Path,
) -> Result<ExportCounts, AppError> {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<ExportHousehold>>(PAGES_IN_FLIGHT);
    let title = export_title(filter);
    let generated = format_iso_timestamp(&super::db::now_iso(), Lang::Th);
    let path = path.to_path_buf();
    let writer = tokio::task::spawn_blocking(move || -> Result<ExportCounts, AppError> {
        let mut x =
            XlsxExport::create(&path, &title, &generated).map_err(|e| internal("creating an xlsx export", e))?;
        while let Some(page) = rx.blocking_recv() {
            for h in &page {
                x.write_household(h).map_err(|e| internal("writing an xlsx export", e))?;
            }
        }
        x.finish().map_err(|e| internal("saving an xlsx export", e))
    });
    let mut pages = ExportPages::new(db, scope, filter, full_ids);
    loop {
        let page = pages.next_page().await?;
        if page.is_empty() || tx.send(page).await.is_err() {
            break;
        }
    }
    drop(tx);
    writer.await.map_err(|e| internal("the xlsx export task", e))?
}

/// A `Write` whose bytes the async side takes out between pages.
#[derive(Clone, Default)]
struct SharedBuffer(Arc<Mutex<Vec<u8>>>);

impl Write for SharedBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().map_err(|_| std::io::Error::other("export buffer poisoned"))?.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl SharedBuffer {
    fn take(&self) -> Vec<u8> {
        self.0.lock().map(|mut b| std::mem::take(&mut *b)).unwrap_or_default()
    }
}

/// The CSV export as a stream of chunks, one per page of households. Errors after the first
/// byte can only end the stream early (the status line has gone); they are logged.
pub fn csv_stream(
    db: Db,
    scope: Scope,
    filter: HouseholdFilter,
    full_ids: bool,
) -> impl Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(PAGES_IN_FLIGHT);
    tokio::spawn(async move {
        let buffer = SharedBuffer::default();
        let mut csv = match CsvExport::new(buffer.clone()) {
            Ok(c) => c,
            Err(e) => {
                let _ = tx.send(Err(std::io::Error::other(e.to_string()))).await;
                return;
            }
        };
        let mut pages = ExportPages::new(&db, &scope, &filter, full_ids);
        loop {
            let page = match pages.next_page().await {
                Ok(p) => p,
                Err(e) => {
                    tracing::error!(error = ?e, "csv export stopped");
                    let _ = tx.send(Err(std::io::Error::other("export failed"))).await;
                    return;
                }
            };
            for h in &page {
                if let Err(e) = csv.write_household(h) {
                    tracing::error!(error = %e, "csv export stopped");
                    return;
                }
            }
            let _ = csv.flush();
            let chunk = buffer.take();
            if !chunk.is_empty() && tx.send(Ok(Bytes::from(chunk))).await.is_err() {
                return;
            }
            if page.is_empty() {
                break;
            }
        }
        if csv.finish().is_ok() {
            let rest = buffer.take();
            if !rest.is_empty() {
                let _ = tx.send(Ok(Bytes::from(rest))).await;
            }
        }
    });
    // Fused: a body wrapper (compression) may poll again after the end.
    futures::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|item| (item, rx)) }).fuse()
}

/// Writes the CSV export to `out` (the command line's file).
pub async fn write_csv<W: Write + Send + 'static>(
    db: &Db,
    scope: &Scope,
    filter: &HouseholdFilter,
    full_ids: bool,
    out: W,
) -> Result<ExportCounts, AppError> {
    let mut csv = CsvExport::new(out).map_err(|e| internal("starting a csv export", e))?;
    let mut pages = ExportPages::new(db, scope, filter, full_ids);
    loop {
        let page = pages.next_page().await?;
        if page.is_empty() {
            break;
        }
        for h in &page {
            csv.write_household(h).map_err(|e| internal("writing a csv export", e))?;
        }
    }
    let (_, counts) = csv.finish().map_err(|e| internal("finishing a csv export", e))?;
    Ok(counts)
}
