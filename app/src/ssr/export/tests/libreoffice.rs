//! LibreOffice round trip: convert the xlsx to CSV with `soffice` and compare every cell with calamine's reading.
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use calamine::Data;

use super::xlsx_tests::{grid, write_sample, SHEETS};

/// Comma, double quote, UTF-8, from row 1, ..., raw values, no formulas, every sheet (-1, LibreOffice ≥ 7.2).
const FILTER: &str = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1";
const REQUIRE_ENV: &str = "HAKPAENG_TEST_REQUIRE_LIBREOFFICE";

fn find_office() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["soffice", "libreoffice"].map(|name| dir.join(name)))
        .find(|p| p.is_file())
}

/// Runs the conversion (own profile directory, so parallel runs do not collide); gives up after 3 minutes.
fn convert(office: &Path, xlsx: &Path, out_dir: &Path, profile: &Path) -> Duration {
    let started = Instant::now();
    let mut child = Command::new(office)
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--norestore", "--convert-to", FILTER, "--outdir"])
        .arg(out_dir)
        .arg(xlsx)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("soffice starts");
    loop {
        if let Some(status) = child.try_wait().expect("soffice runs") {
            assert!(status.success(), "soffice failed: {status}");
            return started.elapsed();
        }
        if started.elapsed() > Duration::from_secs(180) {
            let _ = child.kill();
            panic!("soffice did not finish within 3 minutes");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).expect("csv written");
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(&bytes);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(body);
    reader.records().map(|r| r.expect("csv record").iter().map(String::from).collect()).collect()
}

/// Every cell LibreOffice wrote equals what calamine reads from the same sheet.
fn assert_same(sheet: &str, ours: &[Vec<Data>], theirs: &[Vec<String>]) {
    let trimmed = |mut row: Vec<String>| {
        while row.last().is_some_and(|c| c.is_empty()) {
            row.pop();
        }
        row
    };
    let mut theirs: Vec<Vec<String>> = theirs.iter().cloned().map(trimmed).collect();
    while theirs.last().is_some_and(|r| r.is_empty()) {
        theirs.pop();
    }
    assert_eq!(theirs.len(), ours.len(), "rows of {sheet}");
    for (r, (mine, lo)) in ours.iter().zip(&theirs).enumerate() {
        for (c, cell) in mine.iter().enumerate() {
            let got = lo.get(c).map_or("", String::as_str);
            match cell {
                Data::Float(f) => {
                    let n: f64 = got.parse().unwrap_or_else(|_| panic!("{sheet} R{r}C{c}: {got:?} is not a number"));
                    assert!((n - f).abs() < 1e-9, "{sheet} R{r}C{c}: {n} != {f}");
                }
                other => assert_eq!(got, other.to_string(), "{sheet} R{r}C{c}"),
            }
        }
    }
}

#[test]
fn libreoffice_reads_the_thai_back() {
    let Some(office) = find_office() else {
        if std::env::var_os(REQUIRE_ENV).is_some() {
            panic!("neither soffice nor libreoffice is on PATH and {REQUIRE_ENV} is set");
        }
        eprintln!("skipped: neither soffice nor libreoffice is on PATH (set {REQUIRE_ENV} to make this fail)");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let (xlsx, _) = write_sample(dir.path(), "export.xlsx");
    let out = dir.path().join("csv");
    std::fs::create_dir(&out).expect("out dir");
    let took = convert(&office, &xlsx, &out, &dir.path().join("profile"));
    eprintln!("LibreOffice ({}) converted the workbook in {took:.2?}", office.display());

    let per_sheet: Vec<(&str, PathBuf)> =
        SHEETS.iter().map(|s| (*s, out.join(format!("export-{s}.csv")))).filter(|(_, p)| p.is_file()).collect();
    if per_sheet.is_empty() {
        // LibreOffice before 7.2 ignores the sheet option and converts the first sheet only.
        let single = out.join("export.csv");
        assert!(single.is_file(), "soffice wrote no csv");
        eprintln!("only the first sheet was converted (LibreOffice < 7.2?)");
        assert_same(SHEETS[0], &grid(&xlsx, SHEETS[0]), &read_csv(&single));
        return;
    }
    assert_eq!(per_sheet.len(), SHEETS.len(), "one csv per sheet");
    for (sheet, path) in &per_sheet {
        assert_same(sheet, &grid(&xlsx, sheet), &read_csv(path));
    }
    let members = read_csv(&out.join("export-สมาชิก.csv"));
    assert!(members.iter().any(|r| r.get(7).is_some_and(|c| c == super::CHILD_FIRST)), "quotes in Thai names");
    let summary = read_csv(&out.join("export-สรุปรายมิติ.csv"));
    assert_eq!(summary[0][0], super::TITLE);
}
