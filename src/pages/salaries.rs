//! `/salaries` and `/salaries/{category}`: what live postings pay, by
//! category and level and by stack, with the rule behind every figure.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::jobs::fetch_salaries;
use crate::components::{ListJsonLd, Loading, PageMeta, SalaryChart, describe_salary, loaded};
use crate::model::{Landing, Level, SALARY_RULE, SalaryFigure, SalaryPage, usd_thousands};

#[component]
pub fn SalariesPage() -> impl IntoView {
    let params = use_params_map();
    let category = move || params.read().get("category");
    let data = Resource::new(category, fetch_salaries);
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                loaded(data.await, |page| view! { <SalariesView page/> }.into_any())
            })}
        </Suspense>
    }
}

fn cell(figure: &SalaryFigure) -> String {
    match figure.quartiles {
        Some(q) => usd_thousands(q.median),
        None => "—".to_owned(),
    }
}

#[component]
fn SalariesView(page: SalaryPage) -> impl IntoView {
    let SalaryPage { category, overall, matrix, by_level, by_stack } = page;
    let (title, path) = match category {
        Some(c) => (format!("Remote {} salaries", c.role()), format!("/salaries/{}", c.slug())),
        None => ("Remote developer salaries".to_owned(), "/salaries".to_owned()),
    };
    let stack_rows: Vec<(String, SalaryFigure)> = by_stack.iter().map(|(s, f)| (s.label().to_owned(), *f)).collect();
    let top_stacks: Vec<(String, SalaryFigure)> = stack_rows.iter().take(15).cloned().collect();
    let mut trail = vec![("Salaries".to_owned(), "/salaries".to_owned())];
    if category.is_some() {
        trail.push((title.clone(), path.clone()));
    }
    view! {
        <ListJsonLd trail/>
        <PageMeta title=title.clone() description=format!("{title}: {}. Computed from live postings on FarCoder.", describe_salary(&overall)) path/>
        <div class="container salaries-page">
            <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/">"Home"</a>" / "<a href="/salaries">"Salaries"</a></nav>
            <h1>{title.clone()}</h1>
            <p class="lead">"All live postings together: "{describe_salary(&overall)}"."</p>
            {(!matrix.is_empty()).then(|| view! {
                <section aria-labelledby="matrix-heading">
                    <h2 id="matrix-heading">"Median by role and level"</h2>
                    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="matrix-heading"><table class="salary-table">
                        <thead><tr>
                            <th scope="col">"Role"</th><th scope="col">"All levels"</th>
                            {Level::ALL.iter().map(|l| view! { <th scope="col">{l.label()}</th> }).collect_view()}
                        </tr></thead>
                        <tbody>
                            {matrix.into_iter().map(|(c, all, levels)| view! {
                                <tr>
                                    <th scope="row"><a href=format!("/salaries/{}", c.slug())>{c.label()}</a></th>
                                    <td title=describe_salary(&all)>{cell(&all)}" "<span class="muted">{format!("({})", all.postings)}</span></td>
                                    {levels.iter().map(|f| view! { <td title=describe_salary(f)>{cell(f)}</td> }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table></div>
                </section>
            })}
            {(!by_level.is_empty()).then(|| {
                let rows: Vec<(String, SalaryFigure)> = by_level.iter().map(|(l, f)| (l.label().to_owned(), *f)).collect();
                view! {
                    <section aria-labelledby="level-heading">
                        <h2 id="level-heading">"By level"</h2>
                        <FigureTable rows=rows.clone() first="Level"/>
                        <SalaryChart rows title="Salary ranges by level, US dollars a year"/>
                    </section>
                }
            })}
            <section aria-labelledby="stack-heading">
                <h2 id="stack-heading">"By stack"</h2>
                <FigureTable rows=stack_rows first="Stack"/>
                <SalaryChart rows=top_stacks title="Salary ranges of the 15 most listed stacks, US dollars a year"/>
            </section>
            <section aria-labelledby="rule-heading">
                <h2 id="rule-heading">"How we count"</h2>
                <p>{SALARY_RULE}</p>
                {category.map(|c| view! { <p><a href=Landing::Category(c).path()>{Landing::Category(c).heading()}</a></p> })}
            </section>
        </div>
    }
    .into_any()
}

#[component]
fn FigureTable(rows: Vec<(String, SalaryFigure)>, first: &'static str) -> impl IntoView {
    // Scrolled sideways on a phone: reachable, and named, by keyboard.
    let label = format!("Salaries by {}", first.to_lowercase());
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=label><table class="salary-table">
            <thead><tr>
                <th scope="col">{first}</th><th scope="col">"25th percentile"</th><th scope="col">"Median"</th>
                <th scope="col">"75th percentile"</th><th scope="col">"Postings"</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|(label, f)| {
                    let [p25, median, p75] = match f.quartiles {
                        Some(q) => [q.p25, q.median, q.p75].map(usd_thousands),
                        None => ["—", "—", "—"].map(str::to_owned),
                    };
                    view! { <tr><th scope="row">{label}</th><td>{p25}</td><td>{median}</td><td>{p75}</td><td>{f.postings}</td></tr> }
                }).collect_view()}
            </tbody>
        </table></div>
    }
}
