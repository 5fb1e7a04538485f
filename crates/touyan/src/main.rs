//! `touyan`: the command line. With no arguments it serves the demo on SQLite.

mod config;
mod demo;
mod processor;

use anyhow::Context;
use clap::{Parser, Subcommand};
use config::Settings;
use touyan_storage::{Actor, Store};

/// mimalloc instead of glibc's allocator: an import reads the sheet on one thread and checks
/// its rows on another, which frees what the first allocated; under glibc the checking ran
/// several times slower while the reader ran (see docs/benchmarks.md, "People").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "touyan",
    version,
    about = "头雁 touyan: party-building and grassroots-governance platform"
)]
struct Cli {
    /// Database URL: sqlite://path or postgres://... (also TOUYAN_DATABASE_URL).
    #[arg(long, global = true)]
    database: Option<String>,
    /// Address to listen on (also TOUYAN_LISTEN); default 127.0.0.1:8080.
    #[arg(long, global = true)]
    listen: Option<String>,
    /// Configuration file; default ./touyan.toml when it exists.
    #[arg(long, global = true)]
    config: Option<std::path::PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve touyan for real use: no demo data; creates `admin` on an empty database.
    Serve,
    /// Apply database migrations and exit.
    Migrate {
        /// Also rebuild now what the areas derive from their records (request counters,
        /// reach rows, handling paths, spelling keys of organization names), as after an upgrade that stopped half-way.
        #[arg(long)]
        repair: bool,
    },
    /// Load the demo organizations and logins (password touyan-demo) into the database.
    Demo {
        /// `seed` (the organizations of the seed documents); the city-scale data for the
        /// benchmarks is written by `touyan-bench demo --scale city`.
        #[arg(long, default_value = "seed")]
        scale: String,
    },
    /// Accounts: create users and reset passwords.
    Admin {
        #[command(subcommand)]
        action: AdminAction,
    },
}

#[derive(Subcommand)]
enum AdminAction {
    /// Create an account; with --role and --node it is also granted that role there.
    CreateUser {
        username: String,
        #[arg(long)]
        display_name: Option<String>,
        /// Read from TOUYAN_NEW_PASSWORD when not given.
        #[arg(long, env = "TOUYAN_NEW_PASSWORD")]
        password: String,
        /// Built-in role code: system_admin, org_admin or readonly.
        #[arg(long)]
        role: Option<String>,
        /// Node id of the home node and the role's scope; the whole tree when absent.
        #[arg(long)]
        node: Option<i64>,
    },
    /// Set a new password for an account.
    ResetPassword {
        username: String,
        #[arg(long, env = "TOUYAN_NEW_PASSWORD")]
        password: String,
    },
    /// Recount the service-request measures from the requests themselves (after organization
    /// nodes were moved, whose old ancestors still hold their counts).
    RebuildRequestStats,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("TOUYAN_LOG")
                .unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn".into()),
        )
        .init();
    let cli = Cli::parse();
    let demo_run = cli.command.is_none();
    let settings = Settings::load(
        cli.config.as_deref(),
        cli.database.clone(),
        cli.listen.clone(),
        demo_run,
    )?;
    match cli.command {
        None => serve_demo(settings).await,
        Some(Command::Serve) => serve(settings).await,
        Some(Command::Migrate { repair }) => {
            let store = Store::connect(&settings.database_url)
                .await?
                .with_files_dir(settings.files_dir.clone());
            store.migrate().await?;
            println!("migrations applied to {}", settings.redacted_url());
            if repair {
                let n = store.repair().await?;
                println!("{n} repairs run");
            }
            Ok(())
        }
        Some(Command::Demo { scale }) => {
            let store = Store::connect(&settings.database_url)
                .await?
                .with_files_dir(settings.files_dir.clone());
            store.migrate().await?;
            match scale.as_str() {
                "seed" => demo::load_apart(&settings.database_url, &settings.files_dir)?,
                "city" => anyhow::bail!(
                    "the city-scale data is written by the benchmarks: \
                     cargo run --release -p touyan-bench -- demo --scale city --database URL"
                ),
                other => anyhow::bail!("unknown scale {other}: use seed"),
            }
            Ok(())
        }
        Some(Command::Admin { action }) => admin(settings, action).await,
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    let server = touyan_web::build(settings.web_config()).await?;
    if let Some(pw) = &server.generated_admin_password {
        println!("created account admin with password: {pw}");
        println!("(shown once; change it after signing in)");
    }
    println!(
        "touyan listening on http://{} ({})",
        server.local_addr(),
        settings.redacted_url()
    );
    server.run_until(shutdown_signal()).await?;
    Ok(())
}

async fn serve_demo(mut settings: Settings) -> anyhow::Result<()> {
    settings.admin_password = Some(demo::DEMO_PASSWORD.to_string());
    let server = touyan_web::build(settings.web_config()).await?;
    if !demo::is_loaded(server.store()).await? {
        println!("loading demo data into {} ...", settings.redacted_url());
        let (url, files) = (settings.database_url.clone(), settings.files_dir.clone());
        tokio::task::spawn_blocking(move || demo::load_apart(&url, &files)).await??;
    }
    let addr = server.local_addr();
    println!("touyan (头雁) demo: http://{addr}/");
    println!("logins (password {}):", demo::DEMO_PASSWORD);
    for (u, what) in demo::LOGINS {
        println!("  {u:<9} {what}");
    }
    println!("API: http://{addr}/api/docs");
    server.run_until(shutdown_signal()).await?;
    Ok(())
}

/// A refusal from the domain or storage layer, said in Chinese for the person at the console.
fn explain(e: impl Into<touyan_storage::StorageError>) -> anyhow::Error {
    use touyan_storage::StorageError as E;
    let tr = touyan_web::i18n::Tr::new(touyan_web::i18n::Lang::ZhCn);
    match e.into() {
        E::Invalid(fe) => {
            let parts: Vec<String> =
                fe.0.iter()
                    .map(|(f, k)| format!("{f}: {}", tr.t(k)))
                    .collect();
            anyhow::anyhow!("{}", parts.join("; "))
        }
        E::Conflict(f, k) => anyhow::anyhow!("{f}: {}", tr.t(&k)),
        E::Refused(k) => anyhow::anyhow!("{}", tr.t(k)),
        other => anyhow::Error::new(other),
    }
}

async fn admin(settings: Settings, action: AdminAction) -> anyhow::Result<()> {
    let store = Store::connect(&settings.database_url)
        .await?
        .with_files_dir(settings.files_dir.clone());
    store.migrate().await?;
    let system = Actor::system();
    let s = store.scoped(&system);
    match action {
        AdminAction::CreateUser {
            username,
            display_name,
            password,
            role,
            node,
        } => {
            let new = touyan_domain::auth::NewUser::parse(
                &username,
                display_name.as_deref().unwrap_or(&username),
                &password,
            )
            .map_err(explain)?;
            let u = s.users().create(new, node).await.map_err(explain)?;
            if let Some(code) = role {
                let r = s
                    .roles()
                    .by_code(&code)
                    .await
                    .with_context(|| format!("no built-in role {code}"))?;
                s.users().assign(u.id, r.id, node).await.map_err(explain)?;
            }
            println!("created user {} (id {})", u.username, u.id);
        }
        AdminAction::ResetPassword { username, password } => {
            let f = touyan_storage::user::UserFilter {
                q: Some(username.clone()),
                ..Default::default()
            };
            let found = s.users().all(&f, 100).await?;
            let u = found
                .into_iter()
                .find(|u| u.username == username)
                .with_context(|| format!("no user {username}"))?;
            let pw =
                touyan_domain::auth::NewPassword::parse("password", &password).map_err(explain)?;
            s.users().reset_password(u.id, pw).await?;
            println!("password of {username} reset");
        }
        AdminAction::RebuildRequestStats => {
            let n = store.rebuild_request_stats().await?;
            println!("request measures recounted from {n} requests");
        }
    }
    Ok(())
}
