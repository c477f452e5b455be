//! The frame around every page.

use leptos::prelude::*;

#[component]
pub fn Header() -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="site-header">
            <nav class="container nav" aria-label="Main">
                <a class="brand" href="/">"Far"<span>"Coder"</span></a>
                <ul>
                    <li><a href="/jobs">"Jobs"</a></li>
                    <li><a href="/jobs?sort=salary">"Top salaries"</a></li>
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
            </div>
        </footer>
    }
}
