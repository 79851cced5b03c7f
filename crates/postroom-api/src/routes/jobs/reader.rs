//! Reading a job, company or status body field by field, leniently (ids and
//! booleans as strings, numbers as text), collecting every wrong field instead of
//! stopping at the first. Candidates and contacts have their own, older reader
//! (`record_input.rs`); its value parsers are shared.

use super::super::record_input::{boolean, id, text};
use crate::error::{ApiError, FieldError};
use serde_json::{Map, Value};

pub(crate) struct Reader<'a> {
    obj: &'a Map<String, Value>,
    pub errors: Vec<FieldError>,
}

impl<'a> Reader<'a> {
    pub fn new(body: &'a Value) -> Result<Reader<'a>, ApiError> {
        match body.as_object() {
            Some(obj) => Ok(Reader {
                obj,
                errors: Vec::new(),
            }),
            None => Err(ApiError::BadRequest(
                "The body must be a JSON object.".into(),
            )),
        }
    }

    pub fn get(&self, name: &str) -> Option<&'a Value> {
        self.obj.get(name)
    }

    pub fn fail(&mut self, name: &str, message: impl Into<String>) {
        self.errors.push(FieldError::new(name, message));
    }

    /// A non-empty string; `required` reports it missing too.
    pub fn name(&mut self, name: &str, required: bool) -> Option<String> {
        let v = match self.get(name) {
            None if !required => return None,
            None | Some(Value::Null) if required => {
                self.fail(name, "is required");
                return None;
            }
            v => v.unwrap_or(&Value::Null),
        };
        match text(v) {
            Ok(Some(s)) => Some(s),
            _ => {
                self.fail(name, "must be a non-empty string");
                None
            }
        }
    }

    /// Free text; null or empty clears it.
    pub fn text(&mut self, name: &str) -> Option<Option<String>> {
        let v = self.get(name)?;
        text(v).map_err(|e| self.fail(name, e)).ok()
    }

    /// An id; null clears it.
    pub fn id(&mut self, name: &str) -> Option<Option<i64>> {
        match self.get(name)? {
            Value::Null => Some(None),
            v => match id(v) {
                Some(n) => Some(Some(n)),
                None => {
                    self.fail(name, "must be an id");
                    None
                }
            },
        }
    }

    /// An id that cannot be cleared.
    pub fn required_id(&mut self, name: &str) -> Option<i64> {
        match self.id(name) {
            Some(Some(n)) => Some(n),
            Some(None) => {
                self.fail(name, "must be an id");
                None
            }
            None => None,
        }
    }

    pub fn flag(&mut self, name: &str) -> Option<bool> {
        let v = self.get(name)?;
        let b = boolean(v);
        if b.is_none() {
            self.fail(name, "must be true or false");
        }
        b
    }

    /// A list of ids; null is the empty list.
    pub fn ids(&mut self, name: &str) -> Option<Vec<i64>> {
        let list = match self.get(name)? {
            Value::Null => return Some(Vec::new()),
            Value::Array(items) => items.iter().map(id).collect::<Option<Vec<i64>>>(),
            _ => None,
        };
        if list.is_none() {
            self.fail(name, "must be a list of ids");
        }
        list
    }

    /// The parts of a place (an address, a location) given in the object `name`,
    /// each trimmed text or null, with a top-level `country_code` among them:
    /// only those given, so that an update merges them into what is stored.
    pub fn place(&mut self, name: &str, keys: &[&str]) -> Option<Map<String, Value>> {
        let mut given = Map::new();
        match self.get(name) {
            None => {}
            Some(Value::Null) => given.extend(keys.iter().map(|k| (k.to_string(), Value::Null))),
            Some(Value::Object(o)) => {
                for key in keys.iter().chain(["country_code"].iter()) {
                    if let Some(v) = o.get(*key) {
                        self.part(&mut given, &format!("{name}.{key}"), key, v);
                    }
                }
            }
            Some(_) => self.fail(name, "must be an object"),
        }
        if let Some(v) = self.get("country_code") {
            self.part(&mut given, "country_code", "country_code", v);
        }
        (!given.is_empty()).then_some(given)
    }

    fn part(&mut self, given: &mut Map<String, Value>, field: &str, key: &str, v: &Value) {
        match text(v) {
            Ok(s) => {
                given.insert(key.to_string(), s.map_or(Value::Null, Value::String));
            }
            Err(e) => self.fail(field, e),
        }
    }
}

/// `base` with the parts given put over it, every one of `keys` and
/// `country_code` present.
pub(crate) fn merge_place(base: &Value, given: Map<String, Value>, keys: &[&str]) -> Value {
    let mut out = Map::new();
    for key in keys.iter().chain(["country_code"].iter()) {
        let v = given
            .get(*key)
            .or_else(|| base.get(*key))
            .cloned()
            .unwrap_or(Value::Null);
        out.insert(key.to_string(), v);
    }
    Value::Object(out)
}
