use crate::admin::api::audit_log;
use crate::admin::messages::AdminMsg;
use crate::admin::model::{AuditLine, AuditPage};
use crate::i18n::tr;
use crate::merchants::pages::failure_page;
use crate::orders::components::china_time;
use crate::ui::messages::UiMsg;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The filters as the URL holds them (a plain GET form sets them).
#[derive(Clone, Debug, Default, PartialEq)]
struct Filters {
    kind: Option<String>,
    operator: Option<String>,
    from: Option<String>,
    until: Option<String>,
    older_than: Option<i64>,
}

impl Filters {
    fn query_string(&self, older_than: i64) -> String {
        let mut parts = Vec::new();
        for (k, v) in [
            ("kind", &self.kind),
            ("operator", &self.operator),
            ("from", &self.from),
            ("until", &self.until),
        ] {
            if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
                parts.push(format!("{k}={}", urlencoding::encode(v)));
            }
        }
        parts.push(format!("older_than={older_than}"));
        parts.join("&")
    }
}

fn kind_msg(kind: &str) -> AdminMsg {
    match kind {
        "application" => AdminMsg::KindApplication,
        "shop" => AdminMsg::KindShop,
        "product" => AdminMsg::KindProduct,
        _ => AdminMsg::KindOrder,
    }
}

fn line_row(line: AuditLine) -> impl IntoView {
    let what = match line.subject.as_str() {
        "application" => Some(format!("/admin/applications/{}", line.subject_id)),
        "order" => Some(format!("/orders/{}", line.subject_id)),
        "product" => Some(format!("/p/{}", line.subject_id)),
        _ => None,
    };
    let label = format!("{} #{}", tr(kind_msg(&line.subject)), line.subject_id);
    let change = match (&line.from_status, &line.to_status) {
        (Some(from), Some(to)) => format!("{} ({from} → {to})", line.action),
        _ => line.action.clone(),
    };
    let who = line
        .actor_email
        .clone()
        .unwrap_or_else(|| tr(AdminMsg::System).into_owned());
    view! {
        <tr>
            <td><time>{china_time(line.at_ms)}</time></td>
            <td data-label=tr(AdminMsg::What)>
                {match what {
                    Some(href) => view! { <a href=href>{label}</a> }.into_any(),
                    None => label.into_any(),
                }}
            </td>
            <td data-label=tr(AdminMsg::Action)>{change}</td>
            <td data-label=tr(AdminMsg::Who)>{who} " (" {line.actor_kind.clone()} ")"</td>
            <td data-label=tr(AdminMsg::Why)>{line.reason.clone()}</td>
        </tr>
    }
}

fn log_view(page: AuditPage, filters: Filters) -> impl IntoView {
    if page.unknown_operator {
        return view! { <p role="status">{tr(AdminMsg::UnknownOperator)}</p> }.into_any();
    }
    if page.lines.is_empty() {
        return view! { <p>{tr(AdminMsg::NoEvents)}</p> }.into_any();
    }
    let older = page
        .older_than
        .map(|id| format!("/admin/audit?{}", filters.query_string(id)));
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">{tr(AdminMsg::When)}</th>
                        <th scope="col">{tr(AdminMsg::What)}</th>
                        <th scope="col">{tr(AdminMsg::Action)}</th>
                        <th scope="col">{tr(AdminMsg::Who)}</th>
                        <th scope="col">{tr(AdminMsg::Why)}</th>
                    </tr>
                </thead>
                <tbody>{page.lines.into_iter().map(line_row).collect_view()}</tbody>
            </table>
        </div>
        {older.map(|href| view! { <nav class="pager"><a href=href>{tr(AdminMsg::OlderEvents)}</a></nav> })}
    }
    .into_any()
}

/// `/admin/audit`: every recorded decision and status change, newest
/// first, filterable by kind, operator and days (a plain GET form).
#[component]
pub fn AdminAuditPage() -> impl IntoView {
    let query = use_query_map();
    let filters = Memo::new(move |_| {
        query.with(|q| Filters {
            kind: q.get("kind"),
            operator: q.get("operator"),
            from: q.get("from"),
            until: q.get("until"),
            older_than: q.get("older_than").and_then(|v| v.parse().ok()),
        })
    });
    let log = Resource::new(
        move || filters.get(),
        |f| audit_log(f.kind, f.operator, f.from, f.until, f.older_than),
    );
    let chosen = move || filters.with(|f| f.kind.clone().unwrap_or_default());
    view! {
        <Title text=tr(AdminMsg::AuditLog).into_owned()/>
        <h1>{tr(AdminMsg::AuditLog)}</h1>
        <p>{tr(AdminMsg::AuditIntro)}</p>
        <form method="get" action="/admin/audit" class="filters">
            <div class="field">
                <label for="audit-kind">{tr(AdminMsg::Kind)}</label>
                <select id="audit-kind" name="kind">
                    <option value="">{tr(AdminMsg::AnyKind)}</option>
                    {crate::admin::model::AUDIT_KINDS
                        .iter()
                        .map(|k| view! { <option value=*k selected=move || chosen() == *k>{tr(kind_msg(k))}</option> })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="audit-operator">{tr(AdminMsg::OperatorEmail)}</label>
                <input id="audit-operator" name="operator" type="email"
                    value=move || filters.with(|f| f.operator.clone().unwrap_or_default())/>
            </div>
            <div class="field">
                <label for="audit-from">{tr(AdminMsg::FromDay)}</label>
                <input id="audit-from" name="from" type="date" value=move || filters.with(|f| f.from.clone().unwrap_or_default())/>
            </div>
            <div class="field">
                <label for="audit-until">{tr(AdminMsg::UntilDay)}</label>
                <input id="audit-until" name="until" type="date" value=move || filters.with(|f| f.until.clone().unwrap_or_default())/>
            </div>
            <button type="submit" class="button">{tr(AdminMsg::Filter)}</button>
        </form>
        <Transition fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                let f = filters.get_untracked();
                match log.await {
                    Ok(page) => log_view(page, f).into_any(),
                    Err(e) => failure_page(&e),
                }
            })}
        </Transition>
    }
}
