//! The frame around every page.

use leptos::prelude::*;

use crate::model::{Category, Landing, Stack};

#[component]
pub fn Header() -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="site-header">
            <nav class="container nav" aria-label="Main">
                <a class="brand" href="/">"Far"<span>"Coder"</span></a>
                <ul>
                    <li><a href="/jobs">"Jobs"</a></li>
                    <li><a href="/saved">"Saved"</a></li>
                    <li><a href="/guides">"Guides"</a></li>
                    <li><a href="/salaries">"Salaries"</a></li>
                    <li><a href="/me">"Your account"</a></li>
                    <li><a href="/dashboard">"For employers"</a></li>
                </ul>
            </nav>
        </header>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <div class="container">
                <p>"FarCoder lists remote software jobs that show their salary and say where you may work from."</p>
                <nav class="footer-links" aria-label="Browse">
                    <ul>
                        {Category::ALL.iter().map(|c| {
                            let landing = Landing::Category(*c);
                            view! { <li><a href=landing.path()>{landing.heading()}</a></li> }
                        }).collect_view()}
                    </ul>
                    <ul>
                        {[Stack::Rust, Stack::Go, Stack::Python, Stack::TypeScript, Stack::React, Stack::Kubernetes].iter().map(|s| {
                            let landing = Landing::Stack(*s);
                            view! { <li><a href=landing.path()>{landing.heading()}</a></li> }
                        }).collect_view()}
                        <li><a href="/salaries">"Salaries"</a></li>
                        <li><a href="/saved">"Saved jobs"</a></li>
                        <li><a href="/feed.xml" rel="external">"RSS feed"</a></li>
                        <li><a href="/embed">"Jobs on your site"</a></li>
                        <li><a href="/privacy">"Privacy"</a></li>
                    </ul>
                </nav>
            </div>
        </footer>
    }
}
