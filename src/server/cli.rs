//! The `farcoder` command line: `serve` (the default), `migrate`,
//! `seed --jobs N --seed S`, `admin create --email E`, `flags survey`,
//! `config` (the settings in effect, secrets hidden), `backup DEST` and
//! `restore SRC`, each with the settings of `crate::server::settings`.

use crate::server::settings::Settings;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Serve,
    Migrate,
    Seed { jobs: usize, seed: u64 },
    CreateModerator { email: String },
    FlagSurvey,
    ShowConfig,
    Backup { target: String },
    Restore { source: String },
}

/// The whole command line.
#[derive(clap::Parser)]
#[command(name = "farcoder", version, about = "FarCoder, the remote-only job board for developers")]
struct Line {
    #[command(subcommand)]
    action: Option<Action>,
    #[command(flatten)]
    settings: Settings,
}

#[derive(clap::Subcommand)]
enum Action {
    /// Serve the site (what `farcoder` alone does).
    Serve,
    /// Apply the database migrations, then stop.
    Migrate,
    /// Fill the database with generated postings, for measuring.
    Seed {
        /// How many postings.
        #[arg(long, default_value_t = 1_000)]
        jobs: usize,
        /// The generator's seed: the same seed gives the same postings.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Moderators' accounts.
    Admin {
        #[command(subcommand)]
        action: AdminAction,
    },
    /// The submission rules' flags.
    Flags {
        #[command(subcommand)]
        action: FlagsAction,
    },
    /// Print the settings in effect, with every password, key and token hidden.
    Config,
    /// Copy the database and the uploaded files to DEST while the server serves.
    Backup {
        /// A folder, or `s3://bucket/prefix`.
        #[arg(value_name = "DEST")]
        target: String,
    },
    /// Bring a backup back into an empty database.
    Restore {
        /// A folder, or `s3://bucket/prefix`.
        #[arg(value_name = "SRC")]
        source: String,
    },
}

#[derive(clap::Subcommand)]
enum AdminAction {
    /// Make a moderator's account and print the link that sets its password.
    Create {
        #[arg(long)]
        email: String,
    },
}

#[derive(clap::Subcommand)]
enum FlagsAction {
    /// What each rule flags among the open postings.
    Survey,
}

/// Why the command line was not run: help or the version asked for (said,
/// and a success), or a mistake (one line for a setting, clap's usage for
/// anything else).
#[derive(Debug, PartialEq, Eq)]
pub struct Stop {
    pub text: String,
    pub success: bool,
}

impl Command {
    /// The command and settings `args` (the program's name first) and the
    /// environment give.
    pub fn parse<I: Into<std::ffi::OsString> + Clone>(
        args: impl IntoIterator<Item = I>,
    ) -> Result<(Command, Settings), Stop> {
        use clap::{CommandFactory, FromArgMatches};
        let matches = Line::command().try_get_matches_from(args).map_err(|error| {
            use clap::error::ErrorKind::{DisplayHelp, DisplayVersion};
            let success = matches!(error.kind(), DisplayHelp | DisplayVersion);
            Stop { text: crate::server::settings::refusal(error), success }
        })?;
        let refused = |text: String| Stop { text, success: false };
        let line =
            Line::from_arg_matches(&matches).map_err(|error| refused(crate::server::settings::refusal(error)))?;
        let settings = Settings::from_matches(&matches).map_err(refused)?;
        let command = match line.action {
            None | Some(Action::Serve) => Command::Serve,
            Some(Action::Migrate) => Command::Migrate,
            Some(Action::Seed { jobs, seed }) => Command::Seed { jobs, seed },
            Some(Action::Admin { action: AdminAction::Create { email } }) => Command::CreateModerator { email },
            Some(Action::Flags { action: FlagsAction::Survey }) => Command::FlagSurvey,
            Some(Action::Config) => Command::ShowConfig,
            Some(Action::Backup { target }) => Command::Backup { target },
            Some(Action::Restore { source }) => Command::Restore { source },
        };
        Ok((command, settings))
    }
}

#[cfg(test)]
mod tests {
    use super::Command;

    fn parse(args: &[&str]) -> Result<Command, String> {
        let args = std::iter::once("farcoder").chain(args.iter().copied());
        Command::parse(args).map(|(command, _)| command).map_err(|stop| stop.text)
    }

    #[test]
    fn parses_each_command() {
        assert_eq!(parse(&[]), Ok(Command::Serve));
        assert_eq!(parse(&["serve"]), Ok(Command::Serve));
        assert_eq!(parse(&["migrate"]), Ok(Command::Migrate));
        assert_eq!(parse(&["seed", "--jobs", "100000", "--seed", "7"]), Ok(Command::Seed { jobs: 100_000, seed: 7 }));
        assert_eq!(parse(&["seed"]), Ok(Command::Seed { jobs: 1_000, seed: 1 }));
        assert_eq!(
            parse(&["admin", "create", "--email", "mod@example.com"]),
            Ok(Command::CreateModerator { email: "mod@example.com".to_owned() })
        );
        assert_eq!(parse(&["flags", "survey"]), Ok(Command::FlagSurvey));
        assert_eq!(parse(&["config"]), Ok(Command::ShowConfig));
        assert_eq!(parse(&["backup", "/srv/backups/1"]), Ok(Command::Backup { target: "/srv/backups/1".to_owned() }));
        assert_eq!(parse(&["restore", "s3://b/p"]), Ok(Command::Restore { source: "s3://b/p".to_owned() }));
        assert_eq!(parse(&["--page-cache", "off", "config"]), Ok(Command::ShowConfig));
    }

    #[test]
    fn rejects_nonsense() {
        for wrong in
            [&["seed", "--jobs"][..], &["seed", "--jobs", "many"], &["launch"], &["admin", "create"], &["backup"]]
        {
            assert!(parse(wrong).is_err(), "{wrong:?}");
        }
        assert_eq!(
            parse(&["--page-cache", "maybe"]),
            Err("FARCODER_PAGE_CACHE=`maybe`: use 1 or 0 (or true/false, yes/no, on/off)".to_owned())
        );
    }

    #[test]
    fn help_lists_every_setting_with_its_variable() {
        let Err(help) = Command::parse(["farcoder", "--help"]) else { panic!("help stops") };
        assert!(help.success);
        for shown in ["FARCODER_PAGE_CACHE", "DATABASE_URL", "FARCODER_BACKUP_KEEP", "[default: 10]", "backup"] {
            assert!(help.text.contains(shown), "{shown} in:\n{}", help.text);
        }
    }
}
