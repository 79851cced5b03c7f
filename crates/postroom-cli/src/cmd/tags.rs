//! `postroom tags add|list`: the team's tags, which API clients put on candidates,
//! contacts, companies and jobs.

use super::Ctx;
use crate::cli::TagsCmd;
use crate::output::json_line;
use postroom_store::tags::{AddTag, Tag, MAX_TITLE};
use std::process::ExitCode;

pub async fn run(ctx: &Ctx, cmd: TagsCmd) -> anyhow::Result<ExitCode> {
    match cmd {
        TagsCmd::Add { title, parent } => {
            let title = title.trim();
            anyhow::ensure!(
                !title.is_empty() && title.chars().count() <= MAX_TITLE,
                "cannot add a tag: the title must be 1 to {MAX_TITLE} characters"
            );
            let id = match ctx.store.add_tag(title, parent).await? {
                AddTag::Added(id) => id,
                AddTag::Taken(other) => anyhow::bail!(
                    "cannot add the tag {title:?}: tag {other} has that title under the same parent"
                ),
                AddTag::NoParent => anyhow::bail!(
                    "cannot add the tag {title:?}: no tag has id {}",
                    parent.unwrap_or_default()
                ),
            };
            print(
                ctx,
                &Tag {
                    id,
                    title: title.to_string(),
                    parent_id: parent,
                },
            )?;
        }
        TagsCmd::List => {
            let (tags, _) = ctx.store.tag_page(0, u32::MAX).await?;
            for tag in &tags {
                print(ctx, tag)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print(ctx: &Ctx, t: &Tag) -> anyhow::Result<()> {
    if ctx.json {
        json_line(t)
    } else {
        let parent = t.parent_id.map_or("-".to_string(), |p| p.to_string());
        println!("{}\t{parent}\t{}", t.id, t.title);
        Ok(())
    }
}
