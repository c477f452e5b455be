//! Openings brought in from an employer's applicant tracking system: the
//! systems read (through their public job-board APIs), a connected board,
//! and each of its openings as the import page shows it.

use serde::{Deserialize, Serialize};

use super::PostingStatus;
use super::vocab::vocabulary;

vocabulary! {
    /// The applicant tracking systems whose public job boards FarCoder reads.
    AtsKind {
        Greenhouse => "greenhouse", "Greenhouse";
        Lever => "lever", "Lever";
        Ashby => "ashby", "Ashby";
    }
}

impl AtsKind {
    /// What the system calls the name of a company's board.
    pub fn board_label(self) -> &'static str {
        match self {
            AtsKind::Greenhouse => "board token",
            AtsKind::Lever => "site name",
            AtsKind::Ashby => "job board name",
        }
    }

    /// Where the employer finds it: their public board's address.
    pub fn board_example(self) -> &'static str {
        match self {
            AtsKind::Greenhouse => "job-boards.greenhouse.io/acme",
            AtsKind::Lever => "jobs.lever.co/acme",
            AtsKind::Ashby => "jobs.ashbyhq.com/acme",
        }
    }

    /// The hosts the system's own job pages live on: an apply link on one
    /// of them is the company's own opening.
    pub fn hosts(self) -> &'static [&'static str] {
        match self {
            AtsKind::Greenhouse => &["boards.greenhouse.io", "job-boards.greenhouse.io", "job-boards.eu.greenhouse.io"],
            AtsKind::Lever => &["jobs.lever.co", "jobs.eu.lever.co"],
            AtsKind::Ashby => &["jobs.ashbyhq.com"],
        }
    }

    /// Whether `url` is a page of board `board` on one of the system's
    /// hosts (`https://{host}/{board}/…`).
    pub fn board_page(self, url: &str, board: &str) -> bool {
        let Some(rest) = url.strip_prefix("https://") else { return false };
        let mut parts = rest.split(['/', '?', '#']);
        let host = parts.next().unwrap_or_default().to_ascii_lowercase();
        let first = parts.next().unwrap_or_default();
        self.hosts().contains(&host.as_str()) && first.eq_ignore_ascii_case(board)
    }
}

/// The most characters of a board name.
pub const BOARD_CHARS: usize = 100;

/// A board name as typed, checked: letters, digits, `-`, `_` and `.`; the
/// board's address is taken too, and its name read from it.
pub fn board_name(kind: AtsKind, typed: &str) -> Result<String, String> {
    let typed = typed.trim();
    let address = typed.strip_prefix("https://").or_else(|| typed.strip_prefix("http://")).unwrap_or(typed);
    let name = kind
        .hosts()
        .iter()
        .find_map(|host| {
            let path = address.strip_prefix(host)?;
            // The host ends there: `jobs.lever.co.evil/x` names no board.
            path.strip_prefix('/')
                .or((path.is_empty()).then_some(""))
                .map(|p| p.split(['/', '?', '#']).next().unwrap_or(""))
        })
        .unwrap_or(typed);
    let fits = name.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && name.chars().count() <= BOARD_CHARS
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !name.contains("..");
    if fits {
        Ok(name.to_owned())
    } else {
        Err(format!(
            "Give your {} {}: the name at the end of your board’s address, as in {}.",
            kind.label(),
            kind.board_label(),
            kind.board_example()
        ))
    }
}

/// A connected board.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AtsSource {
    pub id: i64,
    pub kind: AtsKind,
    pub board: String,
    /// When FarCoder last read it whole.
    pub synced: Option<String>,
    /// Why the last read failed, when it did.
    pub sync_error: Option<String>,
}

/// Where an opening stands here.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum OpeningState {
    /// Not brought in.
    New,
    /// Brought in: a draft for the employer to complete.
    Waiting { import_id: i64 },
    /// Completed into posting `job_id`.
    Posted { job_id: i64, status: PostingStatus },
    /// The ATS no longer lists it.
    Gone,
}

/// An opening as the import page lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AtsOpening {
    pub external_id: String,
    pub title: String,
    pub location: String,
    /// The pay the ATS gives, in words.
    pub pay: Option<String>,
    pub job_type: Option<String>,
    pub state: OpeningState,
}

/// The import page of one board: its openings now, and those brought in
/// that it no longer lists.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportPage {
    pub source: AtsSource,
    pub openings: Vec<AtsOpening>,
    /// Why the board could not be read now.
    pub error: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_board_is_named_or_read_from_its_address() {
        assert_eq!(board_name(AtsKind::Greenhouse, " acme "), Ok("acme".to_owned()));
        assert_eq!(
            board_name(AtsKind::Greenhouse, "https://job-boards.greenhouse.io/acme/jobs/1"),
            Ok("acme".to_owned())
        );
        assert_eq!(board_name(AtsKind::Lever, "jobs.lever.co/acme-inc?lever-source=x"), Ok("acme-inc".to_owned()));
        for bad in ["", "acme/../x", "a b", "<script>", &"a".repeat(101), "https://evil.example/acme"] {
            assert!(board_name(AtsKind::Ashby, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_apply_link_is_the_boards_page_on_the_systems_own_host() {
        assert!(AtsKind::Greenhouse.board_page("https://job-boards.greenhouse.io/acme/jobs/1", "acme"));
        assert!(
            !AtsKind::Greenhouse.board_page("https://job-boards.greenhouse.io/stripe/jobs/1", "acme"),
            "another board"
        );
        assert!(!AtsKind::Greenhouse.board_page("https://job-boards.greenhouse.io.evil.example/acme", "acme"));
        assert!(!AtsKind::Lever.board_page("http://jobs.lever.co/acme/1", "acme"), "not over plain HTTP");
        assert!(!AtsKind::Ashby.board_page("https://acme.example/careers", "acme"));
        for bad in ["jobs.lever.co.evil/x", "..", ".hidden", "a..b"] {
            assert!(board_name(AtsKind::Lever, bad).is_err(), "{bad}");
        }
    }
}
