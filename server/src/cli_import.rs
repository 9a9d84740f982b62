//! `hakpaeng import`: check a household list, print what it would do, and write it unless
//! told to only look.
use std::path::PathBuf;

use anyhow::{anyhow, Context};

use app::api::imports::ImportPreview;
use app::domain::source::ListSource;
use app::ssr::db::Db;
use app::ssr::import::run::{commit, import_now, preview, NewImport};
use app::ssr::import::template::MappingSpec;

use crate::config::Config;

pub struct ImportArgs {
    pub file: PathBuf,
    pub source: String,
    pub year: Option<i64>,
    pub mapping: Option<PathBuf>,
    pub dry_run: bool,
    pub strict: bool,
}

fn print_preview(p: &ImportPreview) {
    let c = &p.counts;
    println!("file:        {} ({})", p.file_name, p.format);
    println!("rows:        {} read, {} rejected", c.rows_total, c.rows_rejected);
    println!(
        "households:  {} new, {} updated, {} unchanged, {} uncertain (held for a coordinator)",
        c.households_new, c.households_updated, c.households_unchanged, c.households_uncertain
    );
    println!("members:     {} new", c.members_new);
    println!("problems:    {} new", c.problems_new);
    if !p.unused_columns.is_empty() {
        println!("not used:    {}", p.unused_columns.join(", "));
    }
    if p.already_committed && p.status == "previewed" {
        println!("note:        this exact file was imported before; importing it again changes nothing new");
    }
    for e in p.errors.iter().take(50) {
        let col = if e.column.is_empty() { String::new() } else { format!(" [{}]", e.column) };
        println!("rejected: line {}{col}: {} / {}", e.line, e.th, e.en);
    }
    if p.errors.len() > 50 || c.rows_rejected > 50 {
        println!("… every rejected row is in the import's rejected-rows file (import {})", p.import_id);
    }
    for w in p.warnings.iter().take(20) {
        println!("warning:  line {}: {} / {}", w.line, w.th, w.en);
    }
}

/// Returns the process exit code.
pub async fn run(config: &Config, db: &Db, args: ImportArgs) -> anyhow::Result<i32> {
    let bytes = std::fs::read(&args.file).with_context(|| format!("cannot read {}", args.file.display()))?;
    let source = ListSource::parse(&args.source)
        .ok_or_else(|| anyhow!("unknown source {:?}: use tpmap, thaiqm or local", args.source))?;
    let mapping: Option<MappingSpec> = match &args.mapping {
        Some(path) => {
            let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
            Some(toml::from_str(&text).with_context(|| format!("{} is not a valid mapping file", path.display()))?)
        }
        None => None,
    };
    let file_name = args.file.file_name().and_then(|n| n.to_str()).unwrap_or("import").to_string();
    let request = NewImport { file_name, bytes, source, source_year: args.year, mapping, user_id: None };
    let en = |e: app::error::AppError| anyhow!("{}", e.message(app::i18n::Lang::En));
    let done = if args.dry_run || args.strict {
        let p = preview(db, &config.data_dir, request).await.map_err(en)?;
        print_preview(&p);
        if args.strict && p.counts.rows_rejected > 0 {
            println!("not imported: {} rows were rejected and --strict is set", p.counts.rows_rejected);
            return Ok(2);
        }
        if args.dry_run {
            println!("dry run: nothing was written");
            return Ok(0);
        }
        println!("committing…");
        let _ = std::io::Write::flush(&mut std::io::stdout());
        commit(db, p.import_id, None).await.map_err(en)?
    } else {
        // Checked and written in one go: the file is read and matched once.
        println!("importing and committing…");
        let _ = std::io::Write::flush(&mut std::io::stdout());
        let done = import_now(db, &config.data_dir, request).await.map_err(en)?;
        print_preview(&done);
        done
    };
    let c = &done.counts;
    println!(
        "committed import {}: {} new, {} updated, {} unchanged, {} uncertain households; {} members, {} problems added",
        done.import_id,
        c.households_new,
        c.households_updated,
        c.households_unchanged,
        c.households_uncertain,
        c.members_new,
        c.problems_new
    );
    Ok(0)
}

#[cfg(test)]
mod tests {
    use app::domain::column_choice::mapping_toml;
    use app::domain::template_field::Field;
    use app::ssr::import::template::{ColumnMapping, MappingSpec};

    /// The mapping file the column-mapping page offers is one `--mapping` reads.
    #[test]
    fn the_pages_mapping_file_reads_back() {
        let headers: Vec<String> = ["HH \"ID\"", "NAME", "SURNAME", "TB", "ชื่อ"].iter().map(|s| s.to_string()).collect();
        let chosen =
            [Some(Field::HouseCode), Some(Field::FirstName), Some(Field::LastName), Some(Field::TambonCode), None];
        let spec: MappingSpec = toml::from_str(&mapping_toml(&headers, &chosen)).expect("valid TOML");
        let mapping = ColumnMapping::build(&headers, Some(&spec)).expect("maps");
        assert_eq!(mapping.columns, chosen.to_vec());
    }
}
