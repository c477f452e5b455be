//! What FarCoder writes for readers: career guides with their FAQ, sanitised
//! Markdown, JSON-LD for search engines, and the salary figures.

pub mod guides;
pub mod json_ld;
pub mod markdown;
pub mod salaries;
