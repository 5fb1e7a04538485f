//! Settings: defaults, then `touyan.toml`, then `TOUYAN_*` environment variables, then flags.

use anyhow::Context;
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    database_url: Option<String>,
    listen: Option<String>,
    data_dir: Option<PathBuf>,
    secure_cookies: Option<bool>,
    trusted_proxies: Option<Vec<String>>,
    files_dir: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub database_url: String,
    pub listen: String,
    pub admin_password: Option<String>,
    pub secure_cookies: bool,
    pub trusted_proxies: Vec<String>,
    pub files_dir: PathBuf,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl Settings {
    /// `demo`: the no-argument run, whose database defaults to `<data dir>/touyan-demo.db`.
    pub fn load(
        file: Option<&Path>,
        database: Option<String>,
        listen: Option<String>,
        demo: bool,
    ) -> anyhow::Result<Settings> {
        let path = file
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("touyan.toml"));
        let f: FileSettings = if path.exists() {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?
        } else if file.is_some() {
            anyhow::bail!("configuration file {} not found", path.display());
        } else {
            FileSettings::default()
        };
        let data_dir = env("TOUYAN_DATA_DIR")
            .map(PathBuf::from)
            .or(f.data_dir)
            .unwrap_or_else(|| PathBuf::from("data"));
        let default_db = |name: &str| format!("sqlite://{}", data_dir.join(name).display());
        let database_url = database
            .or_else(|| env("TOUYAN_DATABASE_URL"))
            .or(f.database_url)
            .unwrap_or_else(|| default_db(if demo { "touyan-demo.db" } else { "touyan.db" }));
        if database_url.starts_with("sqlite:") {
            std::fs::create_dir_all(sqlite_dir(&database_url))
                .context("creating the data directory")?;
        }
        let listen = listen
            .or_else(|| env("TOUYAN_LISTEN"))
            .or(f.listen)
            .unwrap_or_else(|| "127.0.0.1:8080".to_string());
        let secure_cookies = env("TOUYAN_SECURE_COOKIES")
            .map(|v| v == "1" || v == "true")
            .or(f.secure_cookies)
            .unwrap_or(false);
        let trusted_proxies = env("TOUYAN_TRUSTED_PROXIES")
            .map(|v| {
                v.split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .or(f.trusted_proxies)
            .unwrap_or_default();
        let files_dir = env("TOUYAN_FILES_DIR")
            .map(PathBuf::from)
            .or(f.files_dir)
            .unwrap_or_else(|| data_dir.join("files"));
        Ok(Settings {
            files_dir,
            database_url,
            listen,
            admin_password: env("TOUYAN_ADMIN_PASSWORD"),
            secure_cookies,
            trusted_proxies,
        })
    }

    pub fn web_config(&self) -> touyan_web::Config {
        touyan_web::Config {
            database_url: self.database_url.clone(),
            listen: self.listen.clone(),
            admin_password: self.admin_password.clone(),
            secure_cookies: self.secure_cookies,
            trusted_proxies: self.trusted_proxies.clone(),
            files_dir: self.files_dir.clone(),
        }
    }

    /// The URL without a password, for printing.
    pub fn redacted_url(&self) -> String {
        redact(&self.database_url)
    }
}

fn sqlite_dir(url: &str) -> PathBuf {
    let p = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let p = p.split('?').next().unwrap_or(p);
    Path::new(p)
        .parent()
        .map(Path::to_path_buf)
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| PathBuf::from("."))
}

pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_passwords() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redact("sqlite://data/x.db"), "sqlite://data/x.db");
    }

    #[test]
    fn sqlite_directory() {
        assert_eq!(
            sqlite_dir("sqlite://data/x.db?mode=rwc"),
            PathBuf::from("data")
        );
        assert_eq!(sqlite_dir("sqlite://x.db"), PathBuf::from("."));
    }
}
