//! An UPDATE of the columns a merge touches, built from the fields given; shared
//! by jobs and companies, whose updates differ only in their columns.

use crate::error::Result;
use crate::now;
use sqlx::query::Query;
use sqlx::sqlite::{SqliteArguments, SqliteConnection};
use sqlx::Sqlite;

/// A value to bind, NULL included.
#[derive(Debug, Clone)]
pub(crate) enum Bind {
    Int(Option<i64>),
    Text(Option<String>),
}

pub(crate) fn bind_all<'q>(
    mut query: Query<'q, Sqlite, SqliteArguments<'q>>,
    binds: &[Bind],
) -> Query<'q, Sqlite, SqliteArguments<'q>> {
    for b in binds {
        query = match b {
            Bind::Int(v) => query.bind(*v),
            Bind::Text(v) => query.bind(v.clone()),
        };
    }
    query
}

/// `SET col = ?, ...` with `updated_at` always among them.
pub(crate) struct Patch {
    sets: Vec<&'static str>,
    binds: Vec<Bind>,
}

impl Patch {
    pub(crate) fn new() -> Patch {
        Patch {
            sets: vec!["updated_at = ?"],
            binds: vec![Bind::Int(Some(now()))],
        }
    }

    /// `set` is `"column = ?"`.
    pub(crate) fn text(&mut self, set: &'static str, v: &Option<Option<String>>) {
        if let Some(v) = v {
            self.sets.push(set);
            self.binds.push(Bind::Text(v.clone()));
        }
    }

    pub(crate) fn int(&mut self, set: &'static str, v: Option<Option<i64>>) {
        if let Some(v) = v {
            self.sets.push(set);
            self.binds.push(Bind::Int(v));
        }
    }

    pub(crate) fn flag(&mut self, set: &'static str, v: Option<bool>) {
        self.int(set, v.map(|b| Some(i64::from(b))));
    }

    pub(crate) fn json(&mut self, set: &'static str, v: &Option<serde_json::Value>) {
        self.text(set, &v.as_ref().map(|v| Some(v.to_string())));
    }

    /// Runs it on the row `id` of `table` (a fixed name, never input).
    pub(crate) async fn run(
        self,
        conn: &mut SqliteConnection,
        table: &'static str,
        site: i64,
        id: i64,
    ) -> Result<()> {
        let sql = format!(
            "UPDATE {table} SET {} WHERE site_id = ? AND id = ?",
            self.sets.join(", ")
        );
        bind_all(sqlx::query(&sql), &self.binds)
            .bind(site)
            .bind(id)
            .execute(conn)
            .await?;
        Ok(())
    }
}
