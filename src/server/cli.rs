//! The `farcoder` command line: `serve` (the default), `migrate`,
//! `seed --jobs N --seed S`, `admin create --email E`, `flags survey`, and
//! `config` (the settings in effect, secrets hidden).

#[derive(Debug, PartialEq, Eq)]
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

pub const USAGE: &str =
    "usage: farcoder [serve | migrate | seed --jobs N --seed S | admin create --email E | flags survey | config | backup DEST | restore SRC]

Environment:
  DATABASE_URL        sqlite://data/farcoder.db (default) or postgres://…
  LEPTOS_SITE_ADDR    where to listen, default 127.0.0.1:3000
  LEPTOS_SITE_ROOT    the built site (wasm, css, assets), default target/site
  FARCODER_DEMO_DATA  0 to start with an empty database
  FARCODER_PUBLIC_URL the public address used in links, default http://<site addr>";

impl Command {
    pub fn parse(args: &[String]) -> Result<Command, String> {
        match args.first().map(String::as_str) {
            None | Some("serve") if args.len() <= 1 => Ok(Command::Serve),
            Some("migrate") if args.len() == 1 => Ok(Command::Migrate),
            Some("seed") => {
                let mut jobs = 1_000;
                let mut seed = 1;
                let mut rest = args[1..].iter();
                while let Some(flag) = rest.next() {
                    let value = rest.next().ok_or_else(|| format!("{flag} needs a value"))?;
                    match flag.as_str() {
                        "--jobs" => jobs = value.parse().map_err(|_| format!("--jobs: `{value}` is not a count"))?,
                        "--seed" => seed = value.parse().map_err(|_| format!("--seed: `{value}` is not a number"))?,
                        other => return Err(format!("unknown option {other}")),
                    }
                }
                Ok(Command::Seed { jobs, seed })
            }
            Some("admin") => match &args[1..] {
                [create, flag, email] if create == "create" && flag == "--email" => {
                    Ok(Command::CreateModerator { email: email.clone() })
                }
                _ => Err("usage: farcoder admin create --email E".to_owned()),
            },
            Some("flags") if args[1..] == ["survey"] => Ok(Command::FlagSurvey),
            Some("config") if args.len() == 1 => Ok(Command::ShowConfig),
            Some("backup") => match &args[1..] {
                [target] => Ok(Command::Backup { target: target.clone() }),
                _ => Err("usage: farcoder backup DEST (a folder, or s3://bucket/prefix)".to_owned()),
            },
            Some("restore") => match &args[1..] {
                [source] => Ok(Command::Restore { source: source.clone() }),
                _ => Err("usage: farcoder restore SRC (a folder, or s3://bucket/prefix)".to_owned()),
            },
            Some(other) => Err(format!("unknown command `{other}`")),
            None => Err("no command".to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Command;

    fn parse(args: &[&str]) -> Result<Command, String> {
        Command::parse(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn parses_each_command() {
        assert_eq!(parse(&[]), Ok(Command::Serve));
        assert_eq!(parse(&["serve"]), Ok(Command::Serve));
        assert_eq!(parse(&["migrate"]), Ok(Command::Migrate));
        assert_eq!(parse(&["seed", "--jobs", "100000", "--seed", "7"]), Ok(Command::Seed { jobs: 100_000, seed: 7 }));
        assert_eq!(
            parse(&["admin", "create", "--email", "mod@example.com"]),
            Ok(Command::CreateModerator { email: "mod@example.com".to_owned() })
        );
        assert_eq!(parse(&["flags", "survey"]), Ok(Command::FlagSurvey));
        assert_eq!(parse(&["config"]), Ok(Command::ShowConfig));
        assert_eq!(parse(&["backup", "/srv/backups/1"]), Ok(Command::Backup { target: "/srv/backups/1".to_owned() }));
        assert_eq!(parse(&["restore", "s3://b/p"]), Ok(Command::Restore { source: "s3://b/p".to_owned() }));
        assert!(parse(&["backup"]).is_err());
    }

    #[test]
    fn rejects_nonsense() {
        assert!(parse(&["seed", "--jobs"]).is_err());
        assert!(parse(&["seed", "--jobs", "many"]).is_err());
        assert!(parse(&["launch"]).is_err());
        assert!(parse(&["admin", "create"]).is_err());
    }
}
