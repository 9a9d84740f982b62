//! 100,000 households through both writers: time and peak memory (release, `--ignored --nocapture`).
use std::io::Write;
use std::time::Instant;

use super::super::{CsvExport, XlsxExport};
use super::{small_household, GENERATED, TITLE};

const HOUSEHOLDS: i64 = 100_000;
/// Memory may grow this much between 10,000 and 100,000 households (it should not grow at all).
const ALLOWED_GROWTH_KB: u64 = 48 * 1024;

/// A field of /proc/self/status in kB (VmHWM: peak resident memory; VmRSS: current).
fn status_kb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Resets VmHWM to the current RSS (Linux ≥ 4.0), so each writer gets its own peak.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn mb(kb: u64) -> f64 {
    kb as f64 / 1024.0
}

struct CountingSink(u64);

impl Write for CountingSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
#[ignore = "slow: run in release with --ignored --nocapture"]
fn exports_100000_households_in_bounded_memory() {
    let reset = reset_peak();
    eprintln!("peak reset per writer: {reset}; start RSS {:.1} MB", mb(status_kb("VmRSS")));

    let started = Instant::now();
    let mut csv = CsvExport::new(CountingSink(0)).expect("csv starts");
    let mut peak_at_10k = 0;
    for i in 1..=HOUSEHOLDS {
        csv.write_household(&small_household(i)).expect("csv row");
        if i == 10_000 {
            peak_at_10k = status_kb("VmHWM");
        }
    }
    let (sink, counts) = csv.finish().expect("csv finished");
    let csv_peak = status_kb("VmHWM");
    eprintln!(
        "CSV : {} households, {} rows, {:.1} MB in {:.2?}; peak RSS {:.1} MB (after 10,000: {:.1} MB)",
        counts.households,
        counts.members,
        mb(sink.0 / 1024),
        started.elapsed(),
        mb(csv_peak),
        mb(peak_at_10k)
    );
    assert_eq!(counts.households, HOUSEHOLDS as u64);
    assert!(csv_peak.saturating_sub(peak_at_10k) < ALLOWED_GROWTH_KB, "CSV memory grows with the households");

    reset_peak();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("households.xlsx");
    let started = Instant::now();
    let mut xlsx = XlsxExport::create(&path, TITLE, GENERATED).expect("xlsx starts");
    for i in 1..=HOUSEHOLDS {
        xlsx.write_household(&small_household(i)).expect("xlsx rows");
        if i == 10_000 {
            peak_at_10k = status_kb("VmHWM");
        }
    }
    let rows_done = started.elapsed();
    let peak_before_save = status_kb("VmHWM");
    let counts = xlsx.finish().expect("xlsx saved");
    let xlsx_peak = status_kb("VmHWM");
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "XLSX: {} households, {} members, {} problems, {:.1} MB in {:.2?} (rows {:.2?}, save {:.2?}); \
         peak RSS {:.1} MB (after 10,000: {:.1} MB, before saving: {:.1} MB)",
        counts.households,
        counts.members,
        counts.problems,
        mb(size / 1024),
        started.elapsed(),
        rows_done,
        started.elapsed() - rows_done,
        mb(xlsx_peak),
        mb(peak_at_10k),
        mb(peak_before_save)
    );
    assert_eq!(counts.households, HOUSEHOLDS as u64);
    assert!(xlsx_peak.saturating_sub(peak_at_10k) < ALLOWED_GROWTH_KB, "XLSX memory grows with the households");
}
