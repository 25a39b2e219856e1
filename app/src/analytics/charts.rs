//! Charts drawn on the server as SVG: they show without JavaScript and in a
//! screenshot. Each comes with a table of its numbers (for screen readers;
//! the picture itself is marked as an image with a one-line summary) and a
//! link to download that table.

use super::messages::AnalyticsMsg;
use crate::i18n::tr;
use leptos::prelude::*;

const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 180.0;
const LEFT: f64 = 8.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 22.0;

/// One bar per day, scaled to the largest; the largest value and the
/// first and last dates label it.
#[component]
pub fn DailyBars(
    /// The element id of the heading that names the chart.
    id: &'static str,
    title: String,
    /// What the numbers are (the table's second column).
    label: String,
    /// (date, value, value as shown)
    points: Vec<(String, i64, String)>,
    export: String,
) -> impl IntoView {
    let max = points.iter().map(|p| p.1).max().unwrap_or(0).max(1);
    let n = points.len().max(1) as f64;
    let slot = (WIDTH - 2.0 * LEFT) / n;
    let bar = (slot * 0.8).max(1.0);
    let plot = HEIGHT - TOP - BOTTOM;
    let bars = points
        .iter()
        .enumerate()
        .map(|(i, (date, value, shown))| {
            let h = if *value > 0 { (*value as f64 / max as f64 * plot).max(1.0) } else { 0.0 };
            let x = LEFT + i as f64 * slot + (slot - bar) / 2.0;
            let y = TOP + plot - h;
            view! {
                <rect class="chart__bar" x=format!("{x:.1}") y=format!("{y:.1}") width=format!("{bar:.1}") height=format!("{h:.1}")>
                    <title>{format!("{date}: {shown}")}</title>
                </rect>
            }
        })
        .collect_view();
    let top_label = points
        .iter()
        .find(|p| p.1 == max)
        .map(|p| p.2.clone())
        .unwrap_or_default();
    let first = points.first().map(|p| p.0.clone()).unwrap_or_default();
    let last = points.last().map(|p| p.0.clone()).unwrap_or_default();
    let summary = format!("{title}: {first} – {last}");
    let rows = points
        .iter()
        .map(|(date, _, shown)| view! { <tr><th scope="row">{date.clone()}</th><td>{shown.clone()}</td></tr> })
        .collect_view();
    view! {
        <figure class="chart" aria-labelledby=id>
            <figcaption class="chart__head">
                <h2 id=id>{title.clone()}</h2>
                <a class="button button--small" href=export download>{tr(AnalyticsMsg::ExportCsv)}</a>
            </figcaption>
            <svg class="chart__svg" viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=summary preserveAspectRatio="none">
                <line class="chart__axis" x1=LEFT y1=TOP + plot x2=WIDTH - LEFT y2=TOP + plot/>
                {bars}
                <text class="chart__label" x=LEFT y=TOP - 4.0>{top_label}</text>
                <text class="chart__label" x=LEFT y=HEIGHT - 6.0>{first}</text>
                <text class="chart__label" x=WIDTH - LEFT y=HEIGHT - 6.0 text-anchor="end">{last}</text>
            </svg>
            <table class="visually-hidden chart__table">
                <caption>{title}</caption>
                <thead><tr><th scope="col">{tr(AnalyticsMsg::Day)}</th><th scope="col">{label}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </figure>
    }
}

/// Horizontal bars, each a share of the first (a funnel) or of the whole
/// (category shares), with the numbers written beside them.
#[component]
pub fn HorizontalBars(
    id: &'static str,
    title: String,
    /// The table's column names: what a row is, its number, its rate.
    columns: [String; 3],
    /// (name, value, value as shown, rate as shown)
    rows: Vec<(String, i64, String, String)>,
    export: String,
    #[prop(optional)] note: Option<String>,
) -> impl IntoView {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let row_h = 30.0;
    let height = row_h * rows.len().max(1) as f64;
    let label_w = 150.0;
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, (name, value, shown, rate))| {
            let w = (*value as f64 / max as f64 * (WIDTH - label_w - 110.0)).max(if *value > 0 { 1.0 } else { 0.0 });
            let y = i as f64 * row_h;
            view! {
                <text class="chart__label" x=0 y=y + 19.0>{name.clone()}</text>
                <rect class="chart__bar" x=label_w y=y + 5.0 width=format!("{w:.1}") height=row_h - 10.0/>
                <text class="chart__label" x=label_w + w + 6.0 y=y + 19.0>{format!("{shown} {rate}")}</text>
            }
        })
        .collect_view();
    let table_rows = rows
        .iter()
        .map(|(name, _, shown, rate)| view! { <tr><th scope="row">{name.clone()}</th><td>{shown.clone()}</td><td>{rate.clone()}</td></tr> })
        .collect_view();
    let [c0, c1, c2] = columns;
    view! {
        <figure class="chart" aria-labelledby=id>
            <figcaption class="chart__head">
                <h2 id=id>{title.clone()}</h2>
                <a class="button button--small" href=export download>{tr(AnalyticsMsg::ExportCsv)}</a>
            </figcaption>
            {note.map(|n| view! { <p class="chart__note">{n}</p> })}
            <svg class="chart__svg chart__svg--rows" viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-label=title.clone()>
                {bars}
            </svg>
            <table class="data-table chart__table">
                <caption class="visually-hidden">{title}</caption>
                <thead><tr><th scope="col">{c0}</th><th scope="col">{c1}</th><th scope="col">{c2}</th></tr></thead>
                <tbody>{table_rows}</tbody>
            </table>
        </figure>
    }
}
