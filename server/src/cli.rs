//! The `hakpaeng` command line: serve (the default), demo data, users, tokens, migrations.
use std::io::BufRead;
use std::path::PathBuf;

use anyhow::{anyhow, bail, Context};
use clap::{Parser, Subcommand};

use app::domain::access::Role;
use app::ssr::auth::password::{check_password_rules, hash_password};
use app::ssr::db::audit::{self, AuditAction, AuditEvent};
use app::ssr::db::users::{create_user, user_id_by_username, NewUser};
use app::ssr::db::{now_iso, sessions, Db};

use crate::config::Config;
use crate::demo::{load_demo_province, DemoError, DemoOptions};
use crate::demo_users::{ensure_demo_users, resolve_scope, DEMO_PASSWORD};
use crate::startup::Application;

#[derive(Parser)]
#[command(name = "hakpaeng", version, about = "Hakpaeng (ฮักแพง): the poverty-eradication war room")]
pub struct Cli {
    /// Configuration file (default: ./hakpaeng.toml when present)
    #[arg(long, global = true, env = "HAKPAENG_CONFIG")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Serve the app (the default)
    Serve {
        /// Load a demo province of this many households when the database has none
        #[arg(long)]
        demo_households: Option<usize>,
    },
    /// Build the deterministic synthetic demo province and the demo users
    DemoData {
        #[arg(long, default_value_t = 17_000)]
        households: usize,
        #[arg(long, default_value_t = 2565)]
        seed: u64,
        /// Replace demo households already in the database
        #[arg(long)]
        replace: bool,
    },
    /// Manage users
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Manage API tokens
    Token {
        #[command(subcommand)]
        action: TokenAction,
    },
    /// Create or update the database schema, then exit
    Migrate,
    /// Export households to .xlsx or .csv (citizen ids masked unless --full-ids)
    Export {
        /// The file to write (.xlsx or .csv)
        #[arg(long)]
        out: PathBuf,
        /// xlsx or csv (default: from the file name)
        #[arg(long)]
        format: Option<String>,
        /// The household list's filter as a query string, e.g. "amphoe=3301&status=pending"
        #[arg(long, default_value = "")]
        filter: String,
        /// Write full citizen ids (the export is audited)
        #[arg(long)]
        full_ids: bool,
    },
    /// Write a synthetic household list in the import template (the demo province's rules)
    DemoFile {
        /// The file to write (.csv)
        #[arg(long)]
        out: PathBuf,
        /// About how many people (whole households are written)
        #[arg(long, default_value_t = 100_000)]
        people: usize,
        #[arg(long, default_value_t = 2566)]
        seed: u64,
    },
    /// Import a household list (.csv or .xlsx in the Hakpaeng template, or mapped)
    Import {
        file: PathBuf,
        /// tpmap, thaiqm or local
        #[arg(long, default_value = "tpmap")]
        source: String,
        /// The list's year in the Buddhist Era, e.g. 2565
        #[arg(long)]
        year: Option<i64>,
        /// A TOML file mapping the file's headers to template fields ([columns] "HEADER" = "field")
        #[arg(long)]
        mapping: Option<PathBuf>,
        /// Only show what would change
        #[arg(long)]
        dry_run: bool,
        /// Import nothing, and exit with 2, when any row is rejected
        #[arg(long)]
        strict: bool,
    },
}

#[derive(Subcommand)]
pub enum UserAction {
    /// Create a user; the password is read from the first line of standard input
    Create {
        username: String,
        /// admin, coordinator, officer, agency or executive
        #[arg(long)]
        role: String,
        /// province:33, amphoe:3301,3302, tambon:330101 or agency:CODE
        #[arg(long)]
        scope: String,
        /// The name shown in the app (default: the username)
        #[arg(long)]
        name: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum TokenAction {
    /// Create an API token for a user and print it (shown once)
    Create {
        username: String,
        #[arg(long, default_value = "cli")]
        name: String,
    },
}

async fn connect(config: &Config) -> anyhow::Result<Db> {
    Db::connect(&config.database_url, config.db_max_connections)
        .await
        .with_context(|| format!("cannot open the database {}", crate::config::redact_url(&config.database_url)))
}

/// Loads the demo province and users, printing what was made.
pub async fn demo_data(db: &Db, households: usize, seed: u64, replace: bool) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let summary = load_demo_province(db, &DemoOptions { households, seed, replace }).await.map_err(|e| match e {
        DemoError::NotEmpty(n) => {
            anyhow!("the database already has {n} households; add --replace to replace the demo ones")
        }
        other => anyhow!(other),
    })?;
    let users = ensure_demo_users(db).await.map_err(|e| anyhow!("demo users: {e}"))?;
    println!(
        "demo province: {} households, {} members, {} problems, {} assistance records, {} stage changes, {} villages in {:.1} s; {} demo users made (password {DEMO_PASSWORD})",
        summary.households,
        summary.members,
        summary.problems,
        summary.assistance,
        summary.stage_changes,
        summary.villages,
        started.elapsed().as_secs_f64(),
        users
    );
    Ok(())
}

async fn household_count(db: &Db) -> anyhow::Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM households").fetch_one(&db.pool).await?)
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = Config::load(cli.config.as_deref(), std::env::vars())?;
    crate::telemetry::init(&config.log);
    match cli.command.unwrap_or(Command::Serve { demo_households: None }) {
        Command::Serve { demo_households } => {
            let mut config = config;
            if let Some(n) = demo_households {
                config.demo_households = n;
            }
            let db = connect(&config).await?;
            if config.demo_households > 0 && household_count(&db).await? == 0 {
                tracing::info!(households = config.demo_households, "empty database: loading the demo province");
                demo_data(&db, config.demo_households, config.demo_seed, false).await?;
            }
            let app = Application::build_with_db(&config, db).await?;
            tracing::info!("Hakpaeng listening on http://{}", app.state.leptos_options.site_addr);
            app.run_until_stopped().await
        }
        Command::DemoData { households, seed, replace } => {
            let db = connect(&config).await?;
            demo_data(&db, households, seed, replace).await
        }
        Command::Import { file, source, year, mapping, dry_run, strict } => {
            let db = connect(&config).await?;
            let args = crate::cli_import::ImportArgs { file, source, year, mapping, dry_run, strict };
            let code = crate::cli_import::run(&config, &db, args).await?;
            if code != 0 {
                std::process::exit(code);
            }
            Ok(())
        }
        Command::Export { out, format, filter, full_ids } => {
            let db = connect(&config).await?;
            crate::cli_export::run(&db, crate::cli_export::ExportArgs { out, format, filter, full_ids }).await
        }
        Command::DemoFile { out, people, seed } => {
            let db = connect(&config).await?;
            let written = crate::demo::template_file::write(&db, &out, people, seed).await?;
            println!("wrote {written} people to {}", out.display());
            Ok(())
        }
        Command::Migrate => {
            connect(&config).await?;
            println!("database is up to date");
            Ok(())
        }
        Command::User { action: UserAction::Create { username, role, scope, name } } => {
            let db = connect(&config).await?;
            let role = Role::parse(&role).ok_or_else(|| {
                anyhow!("unknown role {role:?}: use admin, coordinator, officer, agency or executive")
            })?;
            let scope = resolve_scope(&db, &scope).await.map_err(|e| anyhow!("{e}"))?;
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line).context("cannot read the password from standard input")?;
            let password = line.trim_end_matches(['\r', '\n']).to_string();
            check_password_rules(&password).map_err(|e| anyhow!("{e}"))?;
            let user = NewUser {
                display_name: name.unwrap_or_else(|| username.clone()),
                username: username.trim().to_lowercase(),
                password_hash: hash_password(password).await.map_err(|e| anyhow!("{e}"))?,
                role,
                scope,
            };
            let id = create_user(&db, &user, &now_iso()).await.map_err(|e| anyhow!("{e}"))?;
            audit::record(
                &db,
                AuditEvent {
                    user_id: None,
                    action: AuditAction::UserCreated,
                    entity: Some("user"),
                    entity_id: Some(id.to_string()),
                    detail: Some("cli".into()),
                },
                &now_iso(),
            )
            .await
            .map_err(|e| anyhow!("{e}"))?;
            println!("user {} created (id {id})", user.username);
            Ok(())
        }
        Command::Token { action: TokenAction::Create { username, name } } => {
            let db = connect(&config).await?;
            let Some(user_id) = user_id_by_username(&db, &username).await.map_err(|e| anyhow!("{e}"))? else {
                bail!("no user named {username}");
            };
            let token =
                sessions::create_api_token(&db, user_id, &name, &now_iso()).await.map_err(|e| anyhow!("{e}"))?;
            audit::record(
                &db,
                AuditEvent {
                    user_id: Some(user_id),
                    action: AuditAction::TokenCreated,
                    entity: Some("user"),
                    entity_id: Some(user_id.to_string()),
                    detail: Some(name),
                },
                &now_iso(),
            )
            .await
            .map_err(|e| anyhow!("{e}"))?;
            println!("{token}");
            Ok(())
        }
    }
}
