//! Applications (what was scanned) and resource groups (sets of applications that share
//! routing rules).

use crate::commands::findings::with_store;
use crate::AppError;
use tauri::AppHandle;
use vulnbridge_store::{ApplicationId, ApplicationSummary, GroupId, GroupSummary};

/// Applications and groups together, as the management screen shows them.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
pub struct Portfolio {
    pub applications: Vec<ApplicationSummary>,
    pub groups: Vec<GroupSummary>,
}

fn portfolio(s: &vulnbridge_store::Store) -> Result<Portfolio, vulnbridge_store::DataError> {
    Ok(Portfolio {
        applications: s.list_applications()?,
        groups: s.list_groups()?,
    })
}

#[tauri::command]
#[specta::specta]
pub async fn list_applications(app: AppHandle) -> Result<Vec<ApplicationSummary>, AppError> {
    with_store(&app, |s| s.list_applications()).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_portfolio(app: AppHandle) -> Result<Portfolio, AppError> {
    with_store(&app, |s| portfolio(s)).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_group(app: AppHandle, name: String) -> Result<Portfolio, AppError> {
    with_store(&app, move |s| {
        s.create_group(&name)?;
        portfolio(s)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn rename_group(
    app: AppHandle,
    id: GroupId,
    name: String,
) -> Result<Portfolio, AppError> {
    with_store(&app, move |s| {
        s.rename_group(id, &name)?;
        portfolio(s)
    })
    .await
}

/// Deletes a group; its applications stay, without a group.
#[tauri::command]
#[specta::specta]
pub async fn delete_group(app: AppHandle, id: GroupId) -> Result<Portfolio, AppError> {
    with_store(&app, move |s| {
        s.delete_group(id)?;
        portfolio(s)
    })
    .await
}

/// Puts an application in a group (or takes it out with `None`); it then inherits the
/// group's routing rules unless it has its own.
#[tauri::command]
#[specta::specta]
pub async fn set_application_group(
    app: AppHandle,
    application: ApplicationId,
    group: Option<GroupId>,
) -> Result<Portfolio, AppError> {
    with_store(&app, move |s| {
        s.set_application_group(application, group)?;
        portfolio(s)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn rename_application(
    app: AppHandle,
    application: ApplicationId,
    name: String,
) -> Result<Portfolio, AppError> {
    with_store(&app, move |s| {
        s.rename_application(application, &name)?;
        portfolio(s)
    })
    .await
}

/// Deletes an application that has no findings (the error says so otherwise).
#[tauri::command]
#[specta::specta]
pub async fn delete_application(
    app: AppHandle,
    application: ApplicationId,
) -> Result<Portfolio, AppError> {
    with_store(&app, move |s| {
        s.delete_application(application)?;
        portfolio(s)
    })
    .await
}
