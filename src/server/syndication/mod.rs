//! What leaves the board for readers elsewhere: job alerts (saved searches
//! mailed as digests), the operator's webhooks (new postings to Slack,
//! Discord or JSON), notices to search engines (IndexNow, Google's Indexing
//! API) and the XML escaping feeds and sitemaps share. The
//! feeds, sitemap and JSON API themselves are plain routes in `http`.

pub mod alerts;
pub mod search_engines;
pub mod webhooks;
pub mod xml;
