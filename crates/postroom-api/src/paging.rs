//! `?page=&per_page=` and the list envelope every collection answers with.

use crate::error::ApiError;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashMap};

pub const DEFAULT_PER_PAGE: u32 = 25;
pub const MAX_PER_PAGE: u32 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// From 1.
    pub page: u32,
    pub per_page: u32,
}

impl Page {
    pub fn from_query(q: &HashMap<String, String>) -> Result<Page, ApiError> {
        let number = |name: &str, default: u32| -> Result<u32, ApiError> {
            match q.get(name).map(|v| v.trim()) {
                None | Some("") => Ok(default),
                Some(v) => v
                    .parse::<u32>()
                    .ok()
                    .filter(|n| *n >= 1)
                    .ok_or_else(|| ApiError::invalid(name, "must be a whole number from 1")),
            }
        };
        let page = number("page", 1)?;
        let per_page = number("per_page", DEFAULT_PER_PAGE)?;
        if per_page > MAX_PER_PAGE {
            return Err(ApiError::invalid(
                "per_page",
                format!("must be at most {MAX_PER_PAGE}"),
            ));
        }
        Ok(Page { page, per_page })
    }

    pub fn offset(&self) -> u64 {
        u64::from(self.page - 1) * u64::from(self.per_page)
    }
}

/// `{"count","total","_links":{self,first,last,next,prev},"_embedded":{plural:[...]}}`.
/// `path` is the collection's path (`/candidates`), `extra` other query parameters
/// to keep in the links.
pub fn envelope(
    path: &str,
    extra: &str,
    plural: &'static str,
    items: Vec<Value>,
    total: u64,
    page: Page,
) -> Value {
    serde_json::to_value(list(path, extra, plural, items, total, page))
        .expect("a list of JSON values serialises")
}

/// The envelope of one page of a list read whole (short lists: users, statuses,
/// a hiring team, a status history), shaping only the items on the page.
pub fn envelope_of_all<T>(
    path: &str,
    plural: &'static str,
    all: &[T],
    page: Page,
    shape: impl FnMut(&T) -> Value,
) -> Value {
    let items = all
        .iter()
        .skip(page.offset() as usize)
        .take(page.per_page as usize)
        .map(shape)
        .collect();
    envelope(path, "", plural, items, all.len() as u64, page)
}

/// The same envelope, typed: items are serialised straight into the response,
/// without building a JSON tree first (the big pages of activities).
#[derive(serde::Serialize)]
pub struct List<T: serde::Serialize> {
    count: usize,
    total: u64,
    #[serde(rename = "_links")]
    links: Map<String, Value>,
    #[serde(rename = "_embedded")]
    embedded: BTreeMap<&'static str, Vec<T>>,
}

pub fn list<T: serde::Serialize>(
    path: &str,
    extra: &str,
    plural: &'static str,
    items: Vec<T>,
    total: u64,
    page: Page,
) -> List<T> {
    let last = total.div_ceil(u64::from(page.per_page)).max(1);
    let href =
        |n: u64| json!({ "href": format!("{path}?{extra}page={n}&per_page={}", page.per_page) });
    let mut links = Map::new();
    links.insert("self".into(), href(u64::from(page.page)));
    links.insert("first".into(), href(1));
    links.insert("last".into(), href(last));
    if u64::from(page.page) < last {
        links.insert("next".into(), href(u64::from(page.page) + 1));
    }
    if page.page > 1 {
        links.insert("prev".into(), href(u64::from(page.page) - 1));
    }
    List {
        count: items.len(),
        total,
        links,
        embedded: BTreeMap::from([(plural, items)]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn parses_and_bounds() {
        assert_eq!(
            Page::from_query(&q(&[])).unwrap(),
            Page {
                page: 1,
                per_page: 25
            }
        );
        assert_eq!(
            Page::from_query(&q(&[("page", "3"), ("per_page", "100")]))
                .unwrap()
                .offset(),
            200
        );
        assert!(Page::from_query(&q(&[("per_page", "101")])).is_err());
        assert!(Page::from_query(&q(&[("page", "0")])).is_err());
        assert!(Page::from_query(&q(&[("page", "x")])).is_err());
    }

    #[test]
    fn links_name_neighbours() {
        let v = envelope(
            "/candidates",
            "",
            "candidates",
            vec![json!(1)],
            51,
            Page {
                page: 2,
                per_page: 25,
            },
        );
        assert_eq!(v["total"], 51);
        assert_eq!(v["count"], 1);
        assert_eq!(
            v["_links"]["next"]["href"],
            "/candidates?page=3&per_page=25"
        );
        assert_eq!(
            v["_links"]["prev"]["href"],
            "/candidates?page=1&per_page=25"
        );
        assert_eq!(
            v["_links"]["last"]["href"],
            "/candidates?page=3&per_page=25"
        );
    }
}
