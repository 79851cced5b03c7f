//! One file per command; `run` opens the store and dispatches.

mod activities;
mod apikeys;
mod blocklist;
mod custom_fields;
mod demo;
mod history_import;
mod mail_import;
mod mailboxes;
mod mailboxes_connect;
mod messages;
mod people_import;
mod records;
mod serve;
mod settings;
mod sync;
mod sync_support;
mod tags;
mod threads;
mod users;

use crate::cli::{
    Cli, Command, HistoryCmd, MailCmd, MailboxesCmd, MessagesCmd, PeopleCmd, ThreadsCmd,
};
use anyhow::Context;
use postroom_domain::{CandidateId, ContactId, RecordRef};
use postroom_store::Store;
use std::process::ExitCode;

/// Everything a command needs.
pub struct Ctx {
    pub store: Store,
    pub json: bool,
}

pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let store = Store::open(&cli.data_dir)
        .await
        .with_context(|| format!("cannot open the data directory {}", cli.data_dir.display()))?;
    let ctx = Ctx {
        store: store.clone(),
        json: cli.json,
    };
    let result = match cli.command {
        Command::Users(c) => users::run(&ctx, c).await,
        Command::People(PeopleCmd::Import { file }) => people_import::run(&ctx, &file).await,
        Command::Candidates(c) => {
            records::run(&ctx, postroom_domain::RecordType::Candidate, c).await
        }
        Command::Contacts(c) => records::run(&ctx, postroom_domain::RecordType::Contact, c).await,
        Command::Blocklist(c) => blocklist::run(&ctx, c).await,
        Command::Settings(c) => settings::run(&ctx, c).await,
        Command::Mail(MailCmd::Import(args)) => mail_import::run(&ctx, args).await,
        Command::Activities(crate::cli::ActivitiesCmd::List(f)) => activities::run(&ctx, f).await,
        Command::Threads(ThreadsCmd::List { candidate, contact }) => {
            threads::list(&ctx, record_ref(candidate.as_deref(), contact.as_deref())?).await
        }
        Command::Threads(ThreadsCmd::Show { id }) => threads::show(&ctx, &id).await,
        Command::Messages(MessagesCmd::Raw { id }) => messages::raw(&ctx, &id).await,
        Command::Messages(MessagesCmd::Attachment { id }) => messages::attachment(&ctx, &id).await,
        Command::Demo(args) => demo::run(&ctx, args).await,
        Command::Mailboxes(MailboxesCmd::Connect(args)) => mailboxes_connect::run(&ctx, args).await,
        Command::Mailboxes(c) => mailboxes::run(&ctx, c).await,
        Command::Sync(args) => sync::run(&ctx, args).await,
        Command::History(HistoryCmd::Import(args)) => history_import::run(&ctx, args).await,
        Command::Serve(args) => serve::run(&ctx, args).await,
        Command::Apikeys(c) => apikeys::run(&ctx, c).await,
        Command::CustomFields(c) => custom_fields::run(&ctx, c).await,
        Command::Tags(c) => tags::run(&ctx, c).await,
    };
    store.close().await;
    result
}

/// `--candidate ID` / `--contact ID` into a record reference.
pub fn record_ref(
    candidate: Option<&str>,
    contact: Option<&str>,
) -> anyhow::Result<Option<RecordRef>> {
    Ok(match (candidate, contact) {
        (Some(c), _) => Some(RecordRef::candidate(CandidateId::parse(c)?)),
        (None, Some(c)) => Some(RecordRef::contact(ContactId::parse(c)?)),
        (None, None) => None,
    })
}
