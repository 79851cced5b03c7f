//! The command-line grammar. Scripts drive these commands, so names and flags are a
//! contract: change them only compatibly.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "postroom",
    version,
    about = "Every email with a candidate or contact, on their record."
)]
pub struct Cli {
    /// Where Postroom keeps its database and stored mail (created on first use).
    #[arg(
        long,
        global = true,
        env = "POSTROOM_DATA_DIR",
        default_value = "./postroom-data"
    )]
    pub data_dir: PathBuf,
    /// Machine-readable output: one JSON object per line on stdout.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Team members: their addresses never match a record and make mail outbound.
    #[command(subcommand)]
    Users(UsersCmd),
    /// Candidates and contacts in bulk.
    #[command(subcommand)]
    People(PeopleCmd),
    /// Candidate records.
    #[command(subcommand)]
    Candidates(RecordCmd),
    /// Contact records.
    #[command(subcommand)]
    Contacts(RecordCmd),
    /// Addresses and @domains whose correspondence is never logged.
    #[command(subcommand)]
    Blocklist(BlocklistCmd),
    /// Site settings.
    #[command(subcommand)]
    Settings(SettingsCmd),
    /// Mail files.
    #[command(subcommand)]
    Mail(MailCmd),
    /// Email activities logged on records.
    #[command(subcommand)]
    Activities(ActivitiesCmd),
    /// Conversations.
    #[command(subcommand)]
    Threads(ThreadsCmd),
    /// Logged messages.
    #[command(subcommand)]
    Messages(MessagesCmd),
    /// Generate sample people and a sample mailbox, import them, show what was logged.
    Demo(DemoArgs),
    /// Team members' own mailboxes (IMAP), connected opt-in.
    #[command(subcommand)]
    Mailboxes(MailboxesCmd),
    /// Keep every connected mailbox in sync (until stopped, or one pass with --once).
    Sync(SyncCmdArgs),
    /// Past mail with one person.
    #[command(subcommand)]
    History(HistoryCmd),
    /// Run the server: the REST API, mailbox sync and background jobs, in one process.
    Serve(ServeArgs),
    /// Keys for the REST API; each acts as one team member.
    #[command(subcommand)]
    Apikeys(ApikeysCmd),
    /// Custom fields on candidates, contacts, companies and jobs: the team's setup,
    /// which API clients read and fill in.
    #[command(subcommand)]
    CustomFields(CustomFieldsCmd),
    /// Tags (nested labels) for candidates, contacts, companies and jobs.
    #[command(subcommand)]
    Tags(TagsCmd),
}

#[derive(Subcommand)]
pub enum CustomFieldsCmd {
    /// Define a field. Types: text, textarea, number, date, checkbox, url, and
    /// dropdown and multiselect (which need at least one --option).
    Add {
        /// candidate, contact, company or job.
        #[arg(long = "for")]
        item: String,
        #[arg(long)]
        name: String,
        #[arg(long = "type")]
        kind: String,
        /// A choice of a dropdown or multiselect (repeat for each, in order).
        #[arg(long = "option")]
        options: Vec<String>,
    },
    /// List the fields defined (of one item type, or all).
    List {
        #[arg(long = "for")]
        item: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum TagsCmd {
    /// Add a tag, at the top or under a parent tag.
    Add {
        title: String,
        /// The parent tag's id.
        #[arg(long)]
        parent: Option<i64>,
    },
    /// List every tag.
    List,
}

#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on (default 127.0.0.1:8080; env POSTROOM_LISTEN).
    #[arg(long)]
    pub listen: Option<String>,
    /// A TOML file: listen, public_url, rate_limit_per_hour, poll_interval_secs.
    /// Environment variables override it.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// On an empty data directory, first load the demo data set (a team, people,
    /// a mailbox) and print an API key to try the API with.
    #[arg(long)]
    pub demo: bool,
}

#[derive(Subcommand)]
pub enum ApikeysCmd {
    /// Create a key; it is printed once, alone on the last line of stdout.
    Create {
        #[arg(long)]
        user: String,
        #[arg(long, default_value = "api")]
        name: String,
    },
    List,
    /// Revoke a key by id, at once.
    Revoke {
        id: i64,
    },
}

#[derive(Subcommand)]
pub enum MailboxesCmd {
    /// Connect a team member's mailbox: logs in at once and saves the connection
    /// only if it works. From then on, mail with people on record is logged.
    Connect(ConnectArgs),
    /// List connected mailboxes.
    List,
    /// Per folder: last sync, messages seen, logged, dismissed, last error.
    Status { user_email: Option<String> },
    /// Stop syncing a mailbox for now.
    Pause { user_email: String },
    /// Sync a paused mailbox again.
    Resume { user_email: String },
    /// Delete a mailbox's credentials and sync state; what was logged stays.
    Disconnect { user_email: String },
}

#[derive(Args)]
pub struct ConnectArgs {
    /// The team member whose mailbox this is.
    pub user_email: String,
    #[arg(long)]
    pub host: String,
    /// Default: 993 with tls, 143 otherwise.
    #[arg(long)]
    pub port: Option<u16>,
    /// tls, starttls, or none (none only for a server on this machine).
    #[arg(long, default_value = "tls")]
    pub security: String,
    /// The login name, when it is not the team member's address.
    #[arg(long)]
    pub login: Option<String>,
    /// A file holding the password (its first line).
    #[arg(
        long,
        conflicts_with = "password_env",
        required_unless_present = "password_env"
    )]
    pub password_file: Option<PathBuf>,
    /// The name of an environment variable holding the password.
    #[arg(long)]
    pub password_env: Option<String>,
    /// Also import the mailbox's past mail (all of it, or since --since).
    #[arg(long)]
    pub import_old: bool,
    /// With --import-old: only mail since this date (YYYY-MM-DD).
    #[arg(long, requires = "import_old")]
    pub since: Option<String>,
    #[command(flatten)]
    pub tuning: SyncTuning,
}

#[derive(Args)]
pub struct SyncCmdArgs {
    /// One full pass over every mailbox, then exit.
    #[arg(long)]
    pub once: bool,
    #[command(flatten)]
    pub tuning: SyncTuning,
}

/// How sync paces itself; the defaults suit a real mail server.
#[derive(Args, Clone)]
pub struct SyncTuning {
    /// Seconds between checks of a folder when the server has no IDLE (and the
    /// longest an IDLE wait lasts).
    #[arg(long, env = "POSTROOM_POLL_INTERVAL", default_value_t = 300)]
    pub poll_interval: u64,
    /// Milliseconds before the first retry after a failure (doubling after).
    #[arg(
        long,
        env = "POSTROOM_RETRY_BASE_MS",
        default_value_t = 1000,
        hide = true
    )]
    pub retry_base_ms: u64,
    /// Seconds the running service waits between looks for mailbox changes.
    #[arg(long, env = "POSTROOM_RESCAN_SECS", default_value_t = 5, hide = true)]
    pub rescan_secs: u64,
}

#[derive(Subcommand)]
pub enum HistoryCmd {
    /// Search every connected mailbox for past mail with one person and log it.
    Import(HistoryArgs),
}

#[derive(Args)]
pub struct HistoryArgs {
    #[arg(long, conflicts_with_all = ["contact", "email"], required_unless_present_any = ["contact", "email"])]
    pub candidate: Option<String>,
    #[arg(long, conflicts_with = "email")]
    pub contact: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
    #[command(flatten)]
    pub tuning: SyncTuning,
}

#[derive(Subcommand)]
pub enum UsersCmd {
    /// Add a team member with one or more addresses.
    Add {
        #[arg(required = true)]
        emails: Vec<String>,
        #[arg(long)]
        name: String,
    },
    /// List team members.
    List,
    /// Set a team member's access level: administrator, recruiter, hiring_manager.
    Access { email: String, level: String },
}

#[derive(Subcommand)]
pub enum PeopleCmd {
    /// Import candidates and contacts from a CSV file (columns: kind, first_name,
    /// last_name, email, other_emails, company, title, phone).
    Import { file: PathBuf },
}

#[derive(Subcommand)]
pub enum RecordCmd {
    List,
    Show { id: String },
}

#[derive(Subcommand)]
pub enum BlocklistCmd {
    Add { entry: String },
    Remove { entry: String },
    List,
}

#[derive(Subcommand)]
pub enum SettingsCmd {
    /// Set a setting: `match-on all|primary`.
    Set {
        key: String,
        value: String,
    },
    Get,
}

#[derive(Subcommand)]
pub enum MailCmd {
    /// Import mbox files, Maildir folders, .eml files, or folders of them.
    Import(ImportArgs),
}

#[derive(Args)]
pub struct ImportArgs {
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The team member whose mailbox this is.
    #[arg(long)]
    pub owner: Option<String>,
}

#[derive(Subcommand)]
pub enum ActivitiesCmd {
    List(RecordFilter),
}

#[derive(Args)]
pub struct RecordFilter {
    #[arg(long, conflicts_with_all = ["contact", "email"])]
    pub candidate: Option<String>,
    #[arg(long, conflicts_with = "email")]
    pub contact: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
}

#[derive(Subcommand)]
pub enum ThreadsCmd {
    List {
        #[arg(long, conflicts_with = "contact")]
        candidate: Option<String>,
        #[arg(long)]
        contact: Option<String>,
    },
    Show {
        id: String,
    },
}

#[derive(Subcommand)]
pub enum MessagesCmd {
    /// Write a message exactly as it was imported (an .eml) to stdout. The id is a
    /// message id from `threads show ID --json`.
    Raw { id: String },
    /// Write an attachment, decoded, to stdout. The id is an attachment id from
    /// `threads show ID --json`.
    Attachment { id: String },
}

#[derive(Args)]
pub struct DemoArgs {
    /// How many messages the sample mailbox has.
    #[arg(long, default_value_t = 400)]
    pub messages: usize,
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
}
