//! Operator-only server functions.

use super::model::PlatformSummary;
use crate::error::AppError;
use leptos::prelude::*;

/// Counts of users, shops and products. Operators only.
#[server(endpoint = "admin/platform_counts")]
pub async fn platform_counts() -> Result<PlatformSummary, AppError> {
    use crate::server::{require_operator, use_state, web};
    require_operator()?;
    let state = use_state()?;
    let counts = async {
        let users = crate::accounts::service::count_users(&state.db).await?;
        let mut conn = state.db.read().await?;
        let shops = crate::merchants::service::count_shops(&mut conn).await?;
        let (products, live_products) = crate::catalog::service::count_products(&mut conn).await?;
        Ok::<_, AppError>(PlatformSummary {
            users,
            shops,
            products,
            live_products,
        })
    };
    match counts.await {
        Ok(c) => Ok(c),
        Err(e) => web::fail(e),
    }
}

/// The shops (those whose name or address contains `q`) with their
/// status, product count and owner. Operators only.
#[server(endpoint = "admin/shops")]
pub async fn console_shops(
    #[server(default)] q: Option<String>,
) -> Result<Vec<crate::merchants::model::ConsoleShop>, AppError> {
    use crate::server::{require_operator, use_state, web};
    require_operator()?;
    let state = use_state()?;
    let result = async {
        let mut conn = state.db.read().await?;
        crate::merchants::service::console_shops(&mut conn, q.as_deref().unwrap_or_default()).await
    };
    web::answer(result.await)
}

/// The audit log, newest first, narrowed by kind (`kind`), operator
/// (`operator`, an email), and days (`from`, `until`, `YYYY-MM-DD` China
/// time, both included); `older_than` pages on. Operators only.
#[server(endpoint = "admin/audit_log")]
pub async fn audit_log(
    #[server(default)] kind: Option<String>,
    #[server(default)] operator: Option<String>,
    #[server(default)] from: Option<String>,
    #[server(default)] until: Option<String>,
    #[server(default)] older_than: Option<i64>,
) -> Result<super::model::AuditPage, AppError> {
    use super::domain::china_day_start;
    use super::model::{AuditLine, AuditPage, AUDIT_KINDS};
    use crate::server::audit::{search, AuditFilter};
    use crate::server::{require_operator, use_state, web};
    require_operator()?;
    const PAGE: i64 = 100;
    let state = use_state()?;
    let result = async {
        let subject = kind.as_deref().filter(|k| AUDIT_KINDS.contains(k));
        let operator = operator.as_deref().map(str::trim).filter(|e| !e.is_empty());
        let actor_id = match operator {
            Some(email) => match crate::accounts::service::user_id_by_email(&state.db, email).await {
                Ok(Some(id)) => Some(id),
                Err(e) if e.code == crate::error::ErrorCode::Internal => return Err(e),
                // Not an address, or nobody's: nothing to show.
                Ok(None) | Err(_) => {
                    return Ok(AuditPage {
                        lines: Vec::new(),
                        older_than: None,
                        unknown_operator: true,
                    })
                }
            },
            None => None,
        };
        let filter = AuditFilter {
            subject,
            actor_id,
            operators_only: actor_id.is_some(),
            from_ms: from.as_deref().and_then(china_day_start),
            until_ms: until.as_deref().and_then(china_day_start).map(|d| d + 86_400_000),
        };
        let mut conn = state.db.read().await?;
        let mut rows = search(&mut *conn, &filter, older_than, PAGE + 1).await?;
        let more = rows.len() as i64 > PAGE;
        rows.truncate(PAGE as usize);
        let mut ids: Vec<i64> = rows.iter().filter_map(|r| r.actor_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let emails = crate::accounts::service::emails_of(&mut conn, &ids).await?;
        Ok::<_, AppError>(AuditPage {
            older_than: if more { rows.last().map(|r| r.event_id) } else { None },
            lines: rows
                .into_iter()
                .map(|r| AuditLine {
                    actor_email: r.actor_id.and_then(|id| emails.get(&id).cloned()),
                    event_id: r.event_id,
                    subject: r.subject,
                    subject_id: r.subject_id,
                    action: r.action,
                    from_status: r.from_status,
                    to_status: r.to_status,
                    actor_kind: r.actor_kind,
                    reason: r.reason,
                    at_ms: r.created_at,
                })
                .collect(),
            unknown_operator: false,
        })
    };
    web::answer(result.await)
}
