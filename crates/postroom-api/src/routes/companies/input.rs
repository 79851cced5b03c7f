//! The body of a company create or update, read leniently with every wrong field
//! reported at once (ids are only checked for existence later, by the store).

use super::super::jobs::reader::{merge_place, Reader};
use super::super::record_input::phones;
use crate::error::{ApiError, FieldError};
use postroom_store::companies::{Company, CompanyFields};
use serde_json::{json, Value};

/// The parts of a company's address besides `country_code`.
pub(crate) const ADDRESS: [&str; 4] = ["street", "city", "state", "postal_code"];

/// The fields of `body` and what was wrong in it. `current` is the company being
/// updated (`None` on create, where the name is required).
pub fn parse(
    body: &Value,
    current: Option<&Company>,
) -> Result<(CompanyFields, Vec<FieldError>), ApiError> {
    let mut r = Reader::new(body)?;
    let mut f = CompanyFields {
        name: r.name("name", current.is_none()),
        website: r.text("website"),
        key_technologies: r.text("key_technologies"),
        notes: r.text("notes"),
        owner_id: r.id("owner_id"),
        is_hot: r.flag("is_hot"),
        status_id: r.required_id("status_id"),
        ..CompanyFields::default()
    };
    if let Some(v) = r.get("phones") {
        match phones(v) {
            Ok(p) => f.phones = Some(p),
            Err(e) => r.fail("phones", e),
        }
    }
    if let Some(given) = r.place("address", &ADDRESS) {
        let base = current.map_or_else(|| json!({}), |c| c.address.clone());
        f.address = Some(merge_place(&base, given, &ADDRESS));
    }
    Ok((f, r.errors))
}
