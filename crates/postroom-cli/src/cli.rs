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
}

#[derive(Args)]
pub struct DemoArgs {
    /// How many messages the sample mailbox has.
    #[arg(long, default_value_t = 400)]
    pub messages: usize,
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
}
