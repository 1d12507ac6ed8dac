//! Users: Cloud by accountId, Data Center by name.

use serde_json::{json, Value};

use super::Ctx;
use crate::state::User;

fn avatars(seed: &str) -> Value {
    let base = format!("https://avatars.sandbox.invalid/{seed}");
    json!({
        "48x48": format!("{base}/48"),
        "24x24": format!("{base}/24"),
        "16x16": format!("{base}/16"),
        "32x32": format!("{base}/32"),
    })
}

fn dc_key(ctx: &Ctx, user: &User) -> String {
    let idx = ctx
        .state
        .users
        .iter()
        .position(|u| u.account_id == user.account_id)
        .unwrap_or_default();
    format!("JIRAUSER{}", 10000 + idx)
}

/// The compact user object inside issues, comments and changelogs.
pub(crate) fn user_ref(ctx: &Ctx, user: &User) -> Value {
    if ctx.cloud {
        json!({
            "self": format!("{}/user?accountId={}", ctx.api, user.account_id),
            "accountId": user.account_id,
            "emailAddress": user.email,
            "avatarUrls": avatars(&user.account_id),
            "displayName": user.display_name,
            "active": user.active,
            "timeZone": user.time_zone,
            "accountType": "atlassian",
        })
    } else {
        json!({
            "self": format!("{}/user?username={}", ctx.api, user.name),
            "name": user.name,
            "key": dc_key(ctx, user),
            "emailAddress": user.email,
            "avatarUrls": avatars(&user.name),
            "displayName": user.display_name,
            "active": user.active,
            "timeZone": user.time_zone,
        })
    }
}

/// A user by account id, or JSON null when unknown.
pub(crate) fn user_ref_by_id(ctx: &Ctx, account_id: &str) -> Value {
    ctx.state
        .user_by_account(account_id)
        .map_or(Value::Null, |u| user_ref(ctx, u))
}

/// The full user object of `/myself`, `/user`, `/user/search`.
pub(crate) fn user_full(ctx: &Ctx, user: &User) -> Value {
    let mut v = user_ref(ctx, user);
    v["locale"] = json!("en_US");
    if !ctx.cloud {
        v["deleted"] = json!(false);
    }
    v
}
