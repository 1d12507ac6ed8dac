//! Jira connections: the wizard's test/save, re-test, removal, and the sandbox demo.
//! Secrets arrive here once, typed by the user, and go straight to the keyring; nothing
//! secret is ever sent back to the UI.

use crate::events::SignInWaiting;
use crate::state::AppState;
use crate::AppError;
use tauri::{AppHandle, Manager};
use tauri_specta::Event;
use vulnbridge_connections::{
    ConnectionDraft, ConnectionView, ConnectionsError, Removal, SandboxDemo, SignInResult,
    SiteChoice, TestReport,
};
use vulnbridge_jira::oauth::{BrowserOpener, SignInOptions, SystemBrowser};
use vulnbridge_jira::Sensitive;

impl From<ConnectionsError> for AppError {
    fn from(err: ConnectionsError) -> Self {
        AppError::new(err.code(), err.to_string())
    }
}

fn secret_of(value: Option<String>) -> Option<Sensitive<String>> {
    value
        .filter(|s| !s.trim().is_empty())
        .map(|s| Sensitive::new(s.trim().to_owned()))
}

/// Runs blocking work (SQLite, the keyring over D-Bus) off the async runtime.
async fn blocking<T: Send + 'static>(
    app: &AppHandle,
    work: impl FnOnce(&AppState) -> Result<T, ConnectionsError> + Send + 'static,
) -> Result<T, AppError> {
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        work(&state)
    })
    .await
    .map_err(|e| AppError::new("internal_error", format!("a background task failed: {e}")))?
    .map_err(AppError::from)
}

#[tauri::command]
#[specta::specta]
pub async fn list_connections(app: AppHandle) -> Result<Vec<ConnectionView>, AppError> {
    let list = blocking(&app, |s| s.with_store(|store| s.registry.list(store))).await?;
    crate::tray::reflect_connections(&app, &list);
    Ok(list)
}

/// Re-reads every connection's health into the tray after a change.
async fn refresh_tray(app: &AppHandle) {
    match blocking(app, |s| s.with_store(|store| s.registry.list(store))).await {
        Ok(list) => crate::tray::reflect_connections(app, &list),
        Err(err) => tracing::warn!(error = %err, "could not refresh the tray's connection health"),
    }
}

/// Tests wizard settings without saving anything. `secret` is the token, password or client
/// secret just typed; when editing, leave it empty to use the saved one.
#[tauri::command]
#[specta::specta]
pub async fn test_connection_draft(
    app: AppHandle,
    draft: ConnectionDraft,
    secret: Option<String>,
) -> Result<TestReport, AppError> {
    let secret = secret_of(secret);
    let kind = draft.auth.secret_kind();
    let config = blocking(&app, move |s| {
        s.with_store(|store| s.registry.prepare(store, &draft))
    })
    .await?;
    let state = app.state::<AppState>();
    Ok(state.registry.test(&config, kind, secret.as_ref()).await?)
}

/// Tests the settings, then saves them (secret to the keyring first). OAuth methods are
/// saved untested: signing in is the next step.
#[tauri::command]
#[specta::specta]
pub async fn save_connection(
    app: AppHandle,
    draft: ConnectionDraft,
    secret: Option<String>,
) -> Result<ConnectionView, AppError> {
    let secret = secret_of(secret);
    let kind = draft.auth.secret_kind();
    let name = draft.name.clone();
    let oauth = matches!(
        draft.auth,
        vulnbridge_connections::AuthDraft::CloudOauth { .. }
            | vulnbridge_connections::AuthDraft::DcOauth { .. }
    );
    if draft.id.is_none() && secret.is_none() {
        return Err(AppError::new(
            "secret_missing",
            format!("Enter the {} to connect.", kind.label()),
        ));
    }
    let config = blocking(&app, move |s| {
        s.with_store(|store| s.registry.prepare(store, &draft))
    })
    .await?;
    let state = app.state::<AppState>();
    let report = if oauth {
        None
    } else {
        Some(state.registry.test(&config, kind, secret.as_ref()).await?)
    };
    let view = blocking(&app, move |s| {
        s.with_store(|store| {
            let view = s
                .registry
                .save(store, &name, &config, kind, secret.as_ref())?;
            match report {
                Some(report) => {
                    s.registry.record(store, &view.id, &Ok(report))?;
                    s.registry.view(store, &view.id)
                }
                None => Ok(view),
            }
        })
    })
    .await?;
    refresh_tray(&app).await;
    Ok(view)
}

/// The saved settings of connection `id`.
async fn saved_config(
    app: &AppHandle,
    id: &str,
) -> Result<vulnbridge_jira::ConnectionConfig, AppError> {
    let id = id.to_owned();
    blocking(app, move |s| {
        s.with_store(|store| s.registry.config(store, &id))
    })
    .await
}

/// Checks a saved connection again and records its health.
#[tauri::command]
#[specta::specta]
pub async fn retest_connection(app: AppHandle, id: String) -> Result<ConnectionView, AppError> {
    let config = saved_config(&app, &id).await?;
    let state = app.state::<AppState>();
    let outcome = match state.registry.client(&config).await {
        Ok(client) => client
            .test_connection()
            .await
            .map(TestReport::from)
            .map_err(ConnectionsError::from),
        Err(e) => Err(e),
    };
    let view = blocking(&app, move |s| {
        s.with_store(|store| {
            s.registry.record(store, &id, &outcome)?;
            s.registry.view(store, &id)
        })
    })
    .await?;
    refresh_tray(&app).await;
    Ok(view)
}

/// Removes a connection and its keyring entries; says how to revoke access on Jira's side.
#[tauri::command]
#[specta::specta]
pub async fn remove_connection(app: AppHandle, id: String) -> Result<Removal, AppError> {
    let removal = blocking(&app, move |s| {
        s.with_store(|store| s.registry.remove(store, &id))
    })
    .await?;
    refresh_tray(&app).await;
    Ok(removal)
}

/// "Try with the local sandbox": starts the built-in Jira (once) and connects to it.
#[tauri::command]
#[specta::specta]
pub async fn connect_sandbox(app: AppHandle) -> Result<ConnectionView, AppError> {
    ensure_sandbox(&app).await
}

/// Starts the sandbox (once), saves or refreshes its connection, and checks it.
async fn ensure_sandbox(app: &AppHandle) -> Result<ConnectionView, AppError> {
    {
        let state = app.state::<AppState>();
        let mut slot = state.sandbox.lock().await;
        if slot.is_none() {
            *slot = Some(SandboxDemo::start().await?);
        }
    }
    let view = blocking(app, |s| {
        let slot = s.sandbox.blocking_lock();
        let demo = slot
            .as_ref()
            .ok_or_else(|| ConnectionsError::Sandbox("it was stopped".into()))?;
        s.with_store(|store| demo.save_connection(&s.registry, store))
    })
    .await?;
    retest_connection(app.clone(), view.id).await
}

/// On start: brings back the sandbox when the user connected to it before (its data starts
/// fresh: the sandbox keeps tickets in memory only).
pub async fn resume_sandbox(app: AppHandle) {
    let saved = blocking(&app, |s| s.with_store(SandboxDemo::saved_id)).await;
    match saved {
        Ok(Some(_)) => match ensure_sandbox(&app).await {
            Ok(view) => tracing::info!(url = %view.site_url, "local sandbox resumed"),
            Err(err) => tracing::warn!(error = %err, "the local sandbox could not be resumed"),
        },
        Ok(None) => {}
        Err(err) => tracing::warn!(error = %err, "could not read the sandbox connection"),
    }
}

/// Opens the browser to sign in to an OAuth connection and waits (up to 5 minutes) for it to
/// come back. The authorize link is also sent as a `SignInWaiting` event, so the UI can offer
/// to copy it when no browser opens.
#[tauri::command]
#[specta::specta]
pub async fn sign_in(app: AppHandle, id: String) -> Result<SignInResult, AppError> {
    let config = saved_config(&app, &id).await?;
    let state = app.state::<AppState>();
    let pending = state
        .registry
        .begin_sign_in(&config, SignInOptions::default())
        .await?;
    let url = pending.authorize_url().to_string();
    let _ = SignInWaiting {
        connection_id: id.clone(),
        authorize_url: url.clone(),
    }
    .emit(&app);
    if std::env::var("VULNBRIDGE_BROWSER").as_deref() != Ok("none") {
        if let Err(err) = SystemBrowser.open(pending.authorize_url()) {
            tracing::warn!(%err, "could not open the browser; the user can copy the link");
        }
    }
    let outcome = match pending.complete().await {
        Ok(outcome) => outcome,
        Err(err) => {
            let failed: Result<TestReport, ConnectionsError> = Err(err.into());
            let reply = failed
                .as_ref()
                .err()
                .map(|e| AppError::new(e.code(), e.to_string()));
            let recorded = blocking(&app, move |s| {
                s.with_store(|store| s.registry.record(store, &id, &failed))
            })
            .await;
            if let Err(e) = recorded {
                tracing::warn!(error = %e, "could not record the failed sign-in");
            }
            return Err(reply.unwrap_or_else(|| {
                AppError::new("sign_in_failed", "The sign-in did not complete.")
            }));
        }
    };
    let result = {
        let config = config.clone();
        blocking(&app, move |s| {
            s.with_store(|store| s.registry.finish_sign_in(store, &config, &outcome))
        })
        .await?
    };
    if !result.site_choices.is_empty() {
        return Ok(result);
    }
    let connection = retest_connection(app, id).await?;
    Ok(SignInResult {
        connection,
        site_choices: Vec::new(),
    })
}

/// Finishes a Cloud sign-in by picking one of the sites the account can reach.
#[tauri::command]
#[specta::specta]
pub async fn choose_site(
    app: AppHandle,
    id: String,
    site: SiteChoice,
) -> Result<ConnectionView, AppError> {
    {
        let id = id.clone();
        blocking(&app, move |s| {
            s.with_store(|store| s.registry.choose_site(store, &id, &site))
        })
        .await?;
    }
    retest_connection(app, id).await
}
