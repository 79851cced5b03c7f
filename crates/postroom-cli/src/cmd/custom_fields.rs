//! `postroom custom-fields add|list`: a team's custom fields are its setup, made
//! by an administrator here; API clients only read the definitions and fill in
//! values.

use super::Ctx;
use crate::cli::CustomFieldsCmd;
use crate::output::json_line;
use anyhow::Context;
use postroom_domain::{FieldSpec, FieldType, ItemType, SpecError};
use postroom_store::custom_fields::{AddField, CustomField};
use serde_json::json;
use std::process::ExitCode;

pub async fn run(ctx: &Ctx, cmd: CustomFieldsCmd) -> anyhow::Result<ExitCode> {
    match cmd {
        CustomFieldsCmd::Add {
            item,
            name,
            kind,
            options,
        } => {
            let item = ItemType::parse(&item)?;
            let kind = FieldType::parse(&kind)?;
            let spec = FieldSpec::new(&name, kind, &options).map_err(|e| match e {
                SpecError::NeedsOptions(_) => anyhow::anyhow!("{e} (--option X, repeated)"),
                e => e.into(),
            })?;
            let id = match ctx.store.add_custom_field(item, &spec).await? {
                AddField::Added(id) => id,
                AddField::NameTaken(other) => anyhow::bail!(
                    "cannot add the field {:?}: {} already have one of that name (id {other})",
                    spec.name,
                    item.plural()
                ),
            };
            let added = ctx
                .store
                .custom_field(item, id)
                .await?
                .context("cannot read back the field just added")?;
            print(ctx, &added)?;
        }
        CustomFieldsCmd::List { item } => {
            let item = item.as_deref().map(ItemType::parse).transpose()?;
            for field in ctx.store.custom_fields(item).await? {
                print(ctx, &field)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print(ctx: &Ctx, f: &CustomField) -> anyhow::Result<()> {
    if ctx.json {
        json_line(&json!({
            "id": f.id,
            "for": f.item_type.as_str(),
            "name": f.name,
            "type": f.kind.as_str(),
            "options": f.options,
        }))
    } else {
        println!(
            "{}\t{}\t{}\t{}\t{}",
            f.id,
            f.item_type,
            f.name,
            f.kind,
            f.options.join(", ")
        );
        Ok(())
    }
}
