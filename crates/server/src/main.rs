//! The `migraup` binary.

use std::io::IsTerminal;

use anyhow::Context as _;
use clap::Parser;
use migraup_server::{Cli, Command};
use tracing_subscriber::{EnvFilter, fmt};

/// mimalloc instead of glibc's allocator: a GraphQL answer is many small allocations
/// across threads, where glibc's malloc and free took a fifth of the CPU.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn init_logging(production: bool) {
    let filter = EnvFilter::try_from_env("MIGRAUP_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,tower_http=warn"));
    // Logs go to stderr, so `migraup print-schema` prints only the schema.
    let builder = fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if production {
        builder.json().init();
    } else {
        builder.with_ansi(std::io::stderr().is_terminal()).init();
    }
}

/// Creates or empties `path`, readable and writable by its owner only: a dump holds
/// password hashes and personal data. An existing file loses its wider mode before
/// anything is written to it.
fn private_file(path: &std::path::Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
    let file = std::fs::OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(path)?;
    file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    Ok(file)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // A config file only fills in variables the environment does not set.
    let config_file = std::env::args().skip_while(|a| a != "--config").nth(1).or_else(|| std::env::var("MIGRAUP_CONFIG").ok());
    if let Some(path) = config_file {
        dotenvy::from_path(&path).with_context(|| format!("reading config file {path}"))?;
    }
    let cli = Cli::parse();
    init_logging(cli.settings.production());
    let settings = cli.settings;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let running = migraup_server::serve(&settings).await?;
            tracing::info!(address = %running.address, "migraup is listening");
            println!("migraup läuft / is running: http://{}", running.address);
            running.handle.await?;
        }
        Command::Migrate => {
            migraup_server::build_core(&migraup_server::Settings { migrate_on_start: true, ..settings }).await?;
            tracing::info!("database migrated");
        }
        Command::CreateAdmin { email, name } => {
            let password = match std::env::var("MIGRAUP_ADMIN_PASSWORD") {
                Ok(p) => p,
                Err(_) => rpassword::prompt_password("Password for the new admin: ")?,
            };
            let core = migraup_server::build_core(&settings).await?;
            let user = core.create_user(&email, &name, migraup_domain::Role::Admin, &password).await.map_err(|e| {
                anyhow::anyhow!(
                    "could not create the admin: {}",
                    migraup_domain::messages::reason_text(&e.reason, migraup_domain::Lang::En)
                )
            })?;
            println!("created admin {} ({})", user.email, user.id);
        }
        Command::SeedDemo => {
            if settings.production() {
                anyhow::bail!("seed-demo is for development only");
            }
            let core = migraup_server::build_core(&settings).await?;
            let added = core.seed_demo().await.map_err(|e| anyhow::anyhow!("seeding demo data: {e}"))?;
            println!("{}", if added { "demo network added" } else { "demo network already present" });
        }
        Command::PrintSchema => print!("{}", migraup_api::sdl()),
        Command::Health => {
            let ready = migraup_server::ready(settings.bind).await;
            if !ready {
                anyhow::bail!("not ready: {} does not answer /readyz", settings.bind);
            }
            println!("ready");
        }
        Command::Backup { dir } => {
            let Some(dir) = dir.or_else(|| settings.backup_dir.clone()) else {
                anyhow::bail!("name the backup folder: `migraup backup DIR` or MIGRAUP_BACKUP_DIR");
            };
            let core = migraup_server::build_core(&settings).await?;
            let run = core.backup_now(&dir).await.map_err(|e| anyhow::anyhow!("backup failed: {e}"))?;
            match (&run.file, &run.error) {
                (Some(file), None) => println!("backup written: {} ({} bytes)", dir.join(file).display(), run.bytes.unwrap_or_default()),
                _ => anyhow::bail!("backup failed: {}", run.error.unwrap_or_default()),
            }
        }
        Command::Dump { file } => {
            let core = migraup_server::build_core(&settings).await?;
            let mut out = std::io::BufWriter::new(private_file(&file).with_context(|| format!("creating {}", file.display()))?);
            let done = core.dump(&mut out).await.map_err(|e| anyhow::anyhow!("dump failed: {e}"))?;
            println!("{} rows of {} tables written to {}", done.rows, done.tables, file.display());
        }
        Command::Restore { file } => {
            let core = migraup_server::build_core(&settings).await?;
            let input = std::io::BufReader::new(std::fs::File::open(&file).with_context(|| format!("opening {}", file.display()))?);
            let done = core.restore(input).await.map_err(|e| match e.field.as_deref() {
                Some("database") => anyhow::anyhow!("the target database already holds data; restore only into an empty database"),
                Some("schemaVersion") => anyhow::anyhow!(
                    "the dump was made by another version of migraup (schema version differs); restore it with that version"
                ),
                _ => anyhow::anyhow!("restore failed, nothing was written: {e}"),
            })?;
            println!("{} rows of {} tables restored from {}", done.rows, done.tables, file.display());
        }
    }
    Ok(())
}
