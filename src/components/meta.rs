//! What every page puts in `<head>`: title, description, canonical URL and Open
//! Graph tags; and the HTTP status of the response being rendered.

use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};

/// The site's public origin, as configured. (Pages render on the server
/// only: no island asks for it.)
pub fn site_url() -> String {
    #[cfg(feature = "ssr")]
    {
        use_context::<crate::server::http::state::AppState>().map(|s| s.config.public_url.clone()).unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    String::new()
}

/// Sets the status of the server's response; does nothing in the browser.
pub fn set_status(status: u16) {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(code) = axum::http::StatusCode::from_u16(status)
    {
        response.set_status(code);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

/// Sends the visitor to `path`: a redirect with `status`. (Pages render on
/// the server only.)
pub fn redirect(path: &str, status: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(location)) =
        (use_context::<leptos_axum::ResponseOptions>(), axum::http::HeaderValue::from_str(path))
    {
        response.insert_header(axum::http::header::LOCATION, location);
        set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = (path, status);
}

/// `text` as the content of `<title>`: leptos_meta writes the title into
/// the page as it is given, so it is escaped here.
fn title_text(text: &str) -> String {
    #[cfg(feature = "ssr")]
    {
        html_escape::encode_text(text).into_owned()
    }
    #[cfg(not(feature = "ssr"))]
    text.to_owned()
}

/// Title, description, canonical link and Open Graph tags of a page at `path`.
#[component]
pub fn PageMeta(
    #[prop(into)] title: String,
    #[prop(into)] description: String,
    /// The canonical path with its query, e.g. `/jobs?category=backend`.
    #[prop(into)]
    path: String,
    #[prop(default = "website")] kind: &'static str,
) -> impl IntoView {
    let full_title = if title == "FarCoder" { title } else { format!("{title} · FarCoder") };
    let url = format!("{}{path}", site_url());
    view! {
        <Title text=title_text(&full_title)/>
        <Meta name="description" content=description.clone()/>
        <Link rel="canonical" href=url.clone()/>
        <Meta property="og:site_name" content="FarCoder"/>
        <Meta property="og:type" content=kind/>
        <Meta property="og:title" content=full_title/>
        <Meta property="og:description" content=description/>
        <Meta property="og:url" content=url/>
    }
}
