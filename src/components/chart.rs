//! A small bar chart of daily counts, as SVG that renders on the server and
//! reads without JavaScript; screen readers get the numbers as text.

use leptos::prelude::*;

const BAR: usize = 8;
const HEIGHT: i64 = 32;

#[component]
pub fn DailyBars(counts: Vec<i64>, #[prop(into)] label: String) -> impl IntoView {
    let max = counts.iter().copied().max().unwrap_or(0).max(1);
    let width = counts.len() * BAR;
    let numbers = counts.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
    let description = format!("{label}, oldest first: {numbers}");
    let title = description.clone();
    view! {
        <svg class="daily-bars" role="img" aria-label=description width=width height=HEIGHT
            viewBox=format!("0 0 {width} {HEIGHT}")>
            <title>{title}</title>
            {counts.into_iter().enumerate().map(|(i, n)| {
                // At least a sliver, so a day without views still shows.
                let h = (n * HEIGHT / max).max(1);
                view! { <rect x=i * BAR y=HEIGHT - h width=BAR - 2 height=h class:zero=n == 0/> }
            }).collect_view()}
        </svg>
    }
}
