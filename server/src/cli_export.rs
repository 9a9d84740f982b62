//! `hakpaeng export`: the province's households (or a filter of them) to an .xlsx or .csv file.
use std::path::PathBuf;

use anyhow::{anyhow, bail, Context};

use app::domain::access::Scope;
use app::domain::household_filter::HouseholdFilter;
use app::ssr::db::audit::{self, AuditAction, AuditEvent};
use app::ssr::db::{now_iso, Db};
use app::ssr::exporting::{write_csv, write_xlsx};

pub struct ExportArgs {
    pub out: PathBuf,
    pub format: Option<String>,
    pub filter: String,
    pub full_ids: bool,
}

pub async fn run(db: &Db, args: ExportArgs) -> anyhow::Result<()> {
    let format = match args.format.as_deref() {
        Some(f) => f.to_lowercase(),
        None => args.out.extension().and_then(|e| e.to_str()).unwrap_or_default().to_lowercase(),
    };
    let pairs: Vec<(String, String)> =
        form_urlencoded::parse(args.filter.trim_start_matches('?').as_bytes()).into_owned().collect();
    let (filter, errors) = HouseholdFilter::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    if let Some(e) = errors.first() {
        bail!("{}", e.message(app::i18n::Lang::En));
    }
    // The command line is the province's operator: every household.
    let provinces: Vec<String> = sqlx::query_scalar("SELECT code FROM provinces").fetch_all(&db.pool).await?;
    let scope = Scope::Province(provinces);
    let started = std::time::Instant::now();
    let counts = match format.as_str() {
        "xlsx" => write_xlsx(db, &scope, &filter, args.full_ids, &args.out).await,
        "csv" => {
            let file =
                std::fs::File::create(&args.out).with_context(|| format!("cannot create {}", args.out.display()))?;
            write_csv(db, &scope, &filter, args.full_ids, std::io::BufWriter::new(file)).await
        }
        other => bail!("unknown export format {other:?}: use xlsx or csv (or name the file .xlsx / .csv)"),
    }
    .map_err(|e| anyhow!("{}", e.message(app::i18n::Lang::En)))?;
    let event = AuditEvent {
        user_id: None,
        action: AuditAction::Export,
        entity: Some("households"),
        entity_id: None,
        detail: Some(format!(
            "cli {format}{}{}",
            filter.to_query_string(),
            if args.full_ids { " (full citizen ids)" } else { "" }
        )),
    };
    audit::record(db, event, &now_iso()).await.map_err(|e| anyhow!("{e}"))?;
    println!(
        "exported {} households, {} members, {} problems to {} in {:.1} s",
        counts.households,
        counts.members,
        counts.problems,
        args.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
