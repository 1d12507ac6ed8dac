//! Starting and stopping tauri-driver on free loopback ports.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};

pub struct Driver {
    child: Child,
    pub port: u16,
}

fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn find_tauri_driver() -> PathBuf {
    let homes = [
        std::env::var_os("CARGO_HOME").map(PathBuf::from),
        std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")),
    ];
    homes
        .into_iter()
        .flatten()
        .map(|h| h.join("bin/tauri-driver"))
        .find(|p| p.exists())
        .unwrap_or_else(|| PathBuf::from("tauri-driver"))
}

impl Driver {
    /// Starts tauri-driver with `envs` passed on to WebKitWebDriver and so to the app.
    pub async fn start(envs: &[(String, String)], log: &Path) -> Result<Self, String> {
        let port = free_port().map_err(|e| format!("no free port: {e}"))?;
        let native = free_port().map_err(|e| format!("no free port: {e}"))?;
        let log_file = std::fs::File::create(log)
            .map_err(|e| format!("cannot create {}: {e}", log.display()))?;
        let err_file = log_file.try_clone().map_err(|e| e.to_string())?;
        let child = Command::new(find_tauri_driver())
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native.to_string(),
            ])
            .envs(envs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .stdout(Stdio::from(log_file))
            .stderr(Stdio::from(err_file))
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| {
                format!("cannot start tauri-driver (run scripts/setup-debian.sh --test): {e}")
            })?;
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return Ok(Self { child, port });
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err(format!(
            "tauri-driver did not listen on port {port} within 20 s; see {}",
            log.display()
        ))
    }

    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }
}
