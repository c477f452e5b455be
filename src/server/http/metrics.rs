//! What operators watch, at `/metrics` in Prometheus's text format
//! (`prometheus-client`): requests by route and status with latency
//! histograms, the outbox's depth and what the sender sent, retried and gave
//! up on, alert digests built, how old the search index's view is, and the
//! page cache's hits and misses. Not public: without
//! `FARCODER_METRICS_TOKEN` the route answers 404, and with it only a
//! request bearing that token gets the figures.

use crate::server::mail::MailCounters;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeLabelSet, EncodeMetric};
use prometheus_client::metrics::counter::{ConstCounter, Counter};
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::{ConstGauge, Gauge};
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

use crate::server::http::page_cache::PageCache;
use crate::server::read_model::ReadModel;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone)]
pub struct Metrics(Arc<Inner>);

struct Inner {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    mail: MailCounters,
    digests: Counter,
    outbox_depth: Gauge,
    task_panics: Family<Vec<(String, String)>, Counter>,
    jobs: Family<crate::server::queue::JobLabels, Counter>,
}

fn latency_histogram() -> Histogram {
    // 1 ms to about 4 s.
    Histogram::new(prometheus_client::metrics::histogram::exponential_buckets(0.001, 2.0, 13))
}

impl Metrics {
    pub fn new(pages: PageCache, search: ReadModel) -> Metrics {
        let mut registry = Registry::with_prefix("farcoder");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register("http_requests", "HTTP requests answered, by route, method and status", requests.clone());
        let latency = Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(latency_histogram);
        registry.register("http_request_duration_seconds", "Time to answer, by route", latency.clone());
        let mail = MailCounters::default();
        registry.register("mail_sent", "E-mails the SMTP server accepted", mail.sent.clone());
        registry.register("mail_retried", "E-mails put back after a temporary failure", mail.retried.clone());
        registry.register(
            "mail_failed",
            "E-mails given up on (refused for good, or too many tries)",
            mail.failed.clone(),
        );
        let digests = Counter::default();
        registry.register("alert_digests", "Alert digests written to the outbox", digests.clone());
        let outbox_depth = Gauge::default();
        registry.register("outbox_depth", "E-mails waiting to be sent (read at each scrape)", outbox_depth.clone());
        let task_panics = Family::<Vec<(String, String)>, Counter>::default();
        registry.register(
            "background_task_panics",
            "Rounds of a background task that panicked (the task goes on), by task",
            task_panics.clone(),
        );
        let jobs = Family::<crate::server::queue::JobLabels, Counter>::default();
        registry.register("jobs", "Background jobs run, by kind and outcome (done, retrying, failed)", jobs.clone());
        registry.register_collector(Box::new(Live { pages, search }));
        Metrics(Arc::new(Inner { registry, requests, latency, mail, digests, outbox_depth, task_panics, jobs }))
    }

    /// Sets the outbox depth reported at the next render.
    pub fn set_outbox_depth(&self, depth: i64) {
        self.0.outbox_depth.set(depth);
    }

    pub fn mail(&self) -> MailCounters {
        self.0.mail.clone()
    }

    pub fn digests(&self) -> Counter {
        self.0.digests.clone()
    }

    pub fn task_panics(&self) -> Family<Vec<(String, String)>, Counter> {
        self.0.task_panics.clone()
    }

    pub fn jobs(&self) -> Family<crate::server::queue::JobLabels, Counter> {
        self.0.jobs.clone()
    }

    fn observe(&self, route: &str, method: &str, status: u16, seconds: f64) {
        let labels = RequestLabels { route: route.to_owned(), method: method.to_owned(), status };
        self.0.requests.get_or_create(&labels).inc();
        self.0.latency.get_or_create(&RouteLabels { route: route.to_owned() }).observe(seconds);
    }

    pub fn render(&self) -> Result<String, std::fmt::Error> {
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.0.registry)?;
        Ok(out)
    }
}

/// Read when scraped: the page cache's and the search index's own counts.
struct Live {
    pages: PageCache,
    search: ReadModel,
}

impl std::fmt::Debug for Live {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Live")
    }
}

impl Collector for Live {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let (hits, misses) = self.pages.counts();
        for (name, help, value) in [
            ("page_cache_hits", "Pages served from memory", hits),
            ("page_cache_misses", "Pages rendered for want of a current copy", misses),
            (
                "page_cache_copies",
                "Job and company pages read back from their copy in the database",
                self.pages.copied(),
            ),
        ] {
            let counter = ConstCounter::new(value);
            counter.encode(encoder.encode_descriptor(name, help, None, counter.metric_type())?)?;
        }
        let age = ConstGauge::new(self.search.age().as_secs_f64());
        age.encode(encoder.encode_descriptor(
            "search_index_lag_seconds",
            "How long ago the search index last read the change log",
            None,
            age.metric_type(),
        )?)?;
        let postings = ConstGauge::new(self.search.len() as i64);
        postings.encode(encoder.encode_descriptor(
            "search_index_postings",
            "Postings the search index holds",
            None,
            postings.metric_type(),
        )?)?;
        Ok(())
    }
}

/// The route a request matched, handed from inside the router (where axum
/// knows it) to `measure` outside it.
#[derive(Clone)]
struct Route(String);

/// The route template `response` answered by (`/jobs/{slug}`), if any.
pub(crate) fn matched_route(response: &Response) -> Option<&str> {
    response.extensions().get::<Route>().map(|r| r.0.as_str())
}

/// Inside the router: notes the matched route on the response.
pub async fn note_route(request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().map(|p| p.as_str().to_owned());
    let mut response = next.run(request).await;
    if let Some(route) = route {
        response.extensions_mut().insert(Route(route));
    }
    response
}

/// A request's method as a label: one of a fixed few, so that made-up
/// methods add no series.
fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Around everything: counts and times each request by its route (static
/// files and unknown addresses count as "fallback").
pub async fn measure(State(metrics): State<Metrics>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = method_label(request.method());
    let response = next.run(request).await;
    let route = matched_route(&response).unwrap_or("fallback");
    metrics.observe(route, method, response.status().as_u16(), started.elapsed().as_secs_f64());
    response
}
