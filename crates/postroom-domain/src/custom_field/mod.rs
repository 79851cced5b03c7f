//! Custom fields a team adds to its candidates, contacts, companies and jobs: what
//! types there are, what makes a definition sound (a dropdown needs its choices),
//! and, in `value`, what a value of each type may be.

mod value;

pub use value::{check_value, FieldValue, Input, ValueError};

use std::fmt;

/// How a field's values are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldType {
    Text,
    Textarea,
    Number,
    Date,
    Checkbox,
    Dropdown,
    Multiselect,
    Url,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "cannot use {0:?} as a field type: expected text, textarea, number, date, checkbox, \
     dropdown, multiselect or url"
)]
pub struct FieldTypeError(pub String);

impl FieldType {
    pub const ALL: [FieldType; 8] = [
        FieldType::Text,
        FieldType::Textarea,
        FieldType::Number,
        FieldType::Date,
        FieldType::Checkbox,
        FieldType::Dropdown,
        FieldType::Multiselect,
        FieldType::Url,
    ];

    pub fn parse(s: &str) -> Result<FieldType, FieldTypeError> {
        let s = s.trim().to_ascii_lowercase();
        FieldType::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or(FieldTypeError(s))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Textarea => "textarea",
            FieldType::Number => "number",
            FieldType::Date => "date",
            FieldType::Checkbox => "checkbox",
            FieldType::Dropdown => "dropdown",
            FieldType::Multiselect => "multiselect",
            FieldType::Url => "url",
        }
    }

    /// A value is picked from the definition's options.
    pub fn has_options(self) -> bool {
        matches!(self, FieldType::Dropdown | FieldType::Multiselect)
    }
}

impl fmt::Display for FieldType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The longest field name and option; both show up as labels in a client's form.
pub const MAX_LABEL: usize = 100;

/// A definition that can be saved: a name, a type, and the options of a dropdown or
/// multiselect (trimmed, unique, in the order given).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSpec {
    pub name: String,
    pub kind: FieldType,
    pub options: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpecError {
    #[error("cannot define the field: its name is empty")]
    EmptyName,
    #[error("cannot define the field: its name is longer than {MAX_LABEL} characters")]
    NameTooLong,
    #[error("cannot define a {0} field without options: give at least one")]
    NeedsOptions(FieldType),
    #[error("cannot give options to a {0} field: only dropdown and multiselect fields have them")]
    NoOptions(FieldType),
    #[error("cannot use an empty option or one longer than {MAX_LABEL} characters")]
    BadOption,
    #[error("cannot give the option {0:?} twice")]
    DuplicateOption(String),
}

impl FieldSpec {
    pub fn new(name: &str, kind: FieldType, options: &[String]) -> Result<FieldSpec, SpecError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(SpecError::EmptyName);
        }
        if name.chars().count() > MAX_LABEL {
            return Err(SpecError::NameTooLong);
        }
        match (kind.has_options(), options.is_empty()) {
            (true, true) => return Err(SpecError::NeedsOptions(kind)),
            (false, false) => return Err(SpecError::NoOptions(kind)),
            _ => {}
        }
        let mut kept: Vec<String> = Vec::with_capacity(options.len());
        for o in options.iter().map(|o| o.trim()) {
            if o.is_empty() || o.chars().count() > MAX_LABEL {
                return Err(SpecError::BadOption);
            }
            // Options are matched without regard to case, so they must differ by more.
            if kept.iter().any(|k| k.to_lowercase() == o.to_lowercase()) {
                return Err(SpecError::DuplicateOption(o.to_string()));
            }
            kept.push(o.to_string());
        }
        Ok(FieldSpec {
            name: name.to_string(),
            kind,
            options: kept,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn every_type_round_trips_its_name() {
        for t in FieldType::ALL {
            assert_eq!(FieldType::parse(&t.as_str().to_uppercase()), Ok(t));
        }
        assert!(FieldType::parse("select").is_err());
    }

    /// A name, a type, the options given, and the options kept or the refusal.
    type Case<'a> = (
        &'a str,
        FieldType,
        &'a [&'a str],
        Result<&'a [&'a str], SpecError>,
    );

    #[test]
    fn definitions_need_what_their_type_needs() {
        use FieldType::*;
        let cases: &[Case] = &[
            ("  Salary ", Number, &[], Ok(&[])),
            (
                "Level",
                Dropdown,
                &[" Junior", "Senior "],
                Ok(&["Junior", "Senior"]),
            ),
            ("Skills", Multiselect, &["Rust"], Ok(&["Rust"])),
            ("", Text, &[], Err(SpecError::EmptyName)),
            (
                "Level",
                Dropdown,
                &[],
                Err(SpecError::NeedsOptions(Dropdown)),
            ),
            (
                "Skills",
                Multiselect,
                &[],
                Err(SpecError::NeedsOptions(Multiselect)),
            ),
            (
                "Notes",
                Textarea,
                &["x"],
                Err(SpecError::NoOptions(Textarea)),
            ),
            ("Level", Dropdown, &["a", " "], Err(SpecError::BadOption)),
            (
                "Level",
                Dropdown,
                &["Senior", "senior"],
                Err(SpecError::DuplicateOption("senior".into())),
            ),
        ];
        for (name, kind, options, want) in cases {
            let got = FieldSpec::new(name, *kind, &opts(options));
            match want {
                Ok(options) => {
                    let spec = got.unwrap_or_else(|e| panic!("{name}: {e}"));
                    assert_eq!(spec.name, name.trim());
                    assert_eq!(spec.options, opts(options));
                }
                Err(e) => assert_eq!(got.as_ref(), Err(e), "{name} {kind}"),
            }
        }
        let long = "x".repeat(MAX_LABEL + 1);
        assert_eq!(
            FieldSpec::new(&long, Text, &[]),
            Err(SpecError::NameTooLong)
        );
    }
}
