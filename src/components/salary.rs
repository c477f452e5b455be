//! Salary figures: a box with the quartiles, and a range chart as SVG that
//! reads without JavaScript, with the numbers as its text alternative.

use leptos::prelude::*;

use crate::model::{SalaryFigure, usd_thousands};

/// "$120k – $150k (median $135k), 12 postings", or why there is no figure.
pub fn describe(figure: &SalaryFigure) -> String {
    match figure.quartiles {
        Some(q) => format!(
            "median {}, middle half {} – {}, from {} postings",
            usd_thousands(q.median),
            usd_thousands(q.p25),
            usd_thousands(q.p75),
            figure.postings
        ),
        None => format!("not enough postings for a figure ({} so far)", figure.postings),
    }
}

/// The quartiles of a group, with where they come from.
#[component]
pub fn SalaryBox(figure: SalaryFigure, #[prop(into)] label: String) -> impl IntoView {
    view! {
        <aside class="salary-box" aria-label=format!("Salaries: {label}")>
            <h2>"What "{label.clone()}" pays"</h2>
            {match figure.quartiles {
                Some(q) => view! {
                    <dl class="quartiles">
                        <div><dt>"25th percentile"</dt><dd>{usd_thousands(q.p25)}</dd></div>
                        <div><dt>"Median"</dt><dd class="median">{usd_thousands(q.median)}</dd></div>
                        <div><dt>"75th percentile"</dt><dd>{usd_thousands(q.p75)}</dd></div>
                    </dl>
                    <p class="muted">{format!("US dollars a year, from {} live postings. ", figure.postings)}<a href="/salaries">"How we count"</a></p>
                }.into_any(),
                None => view! {
                    <p class="muted">{format!("Fewer than five live postings ({}), so no figure yet. ", figure.postings)}<a href="/salaries">"All salaries"</a></p>
                }.into_any(),
            }}
        </aside>
    }
}

const WIDTH: i64 = 560;
const LABEL: i64 = 150;
const ROW: i64 = 26;

/// One bar per row from the 25th to the 75th percentile with the median
/// marked, on one scale; rows without a figure are left out.
#[component]
pub fn SalaryChart(rows: Vec<(String, SalaryFigure)>, #[prop(into)] title: String) -> impl IntoView {
    let rows: Vec<(String, crate::model::Quartiles)> =
        rows.into_iter().filter_map(|(label, f)| f.quartiles.map(|q| (label, q))).collect();
    let top = rows.iter().map(|(_, q)| q.p75).max().unwrap_or(1).max(1);
    let scale = move |v: i64| LABEL + v * (WIDTH - LABEL - 50) / top;
    let height = ROW * rows.len() as i64 + 10;
    let summary = rows
        .iter()
        .map(|(label, q)| {
            format!("{label}: median {}, {} – {}", usd_thousands(q.median), usd_thousands(q.p25), usd_thousands(q.p75))
        })
        .collect::<Vec<_>>()
        .join("; ");
    let description = format!("{title}. {summary}.");
    let alt = description.clone();
    view! {
        <svg class="salary-chart" role="img" aria-label=description viewBox=format!("0 0 {WIDTH} {height}") width=WIDTH height=height>
            <title>{alt}</title>
            {rows.into_iter().enumerate().map(|(i, (label, q))| {
                let y = i as i64 * ROW + 5;
                view! {
                    <g>
                        <text x="0" y=y + 15 class="label">{label}</text>
                        <rect x=scale(q.p25) y=y + 4 width=(scale(q.p75) - scale(q.p25)).max(2) height="14" class="range"/>
                        <rect x=scale(q.median) - 1 y=y + 1 width="3" height="20" class="median"/>
                        <text x=scale(q.p75) + 6 y=y + 15 class="value">{usd_thousands(q.median)}</text>
                    </g>
                }
            }).collect_view()}
        </svg>
    }
}
