//! What a custom field value of each type may be. Clients write values loosely (a
//! number as a string, a checkbox as "1"), so each type takes the spellings real
//! clients send and turns them into one canonical [`FieldValue`]; anything else is a
//! [`ValueError`] saying what was expected.

use super::FieldType;

/// The longest value of a `text` field, and of a `textarea`.
pub const MAX_TEXT: usize = 255;
pub const MAX_TEXTAREA: usize = 10_000;
pub const MAX_URL: usize = 2_000;

/// A value as a client sent it: the shapes of JSON, without depending on a JSON
/// library here.
#[derive(Debug, Clone, PartialEq)]
pub enum Input<'a> {
    Null,
    Bool(bool),
    Number(f64),
    Text(&'a str),
    List(Vec<Input<'a>>),
    /// An object, which no field type takes.
    Other,
}

/// A checked value, in its canonical form.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    Text(String),
    Number(f64),
    /// `YYYY-MM-DD`.
    Date(String),
    Bool(bool),
    /// One of a dropdown's options, spelled as the definition spells it.
    Choice(String),
    /// Some of a multiselect's options, in the definition's order.
    Choices(Vec<String>),
    Url(String),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    #[error("must be text")]
    NotText,
    #[error("must be at most {0} characters")]
    TooLong(usize),
    #[error("must be a number")]
    NotNumber,
    #[error("must be a date as YYYY-MM-DD")]
    NotDate,
    #[error("must be true or false")]
    NotBoolean,
    #[error("must be one of: {}", .0.join(", "))]
    NotAnOption(Vec<String>),
    #[error("must be a list of some of: {}", .0.join(", "))]
    NotOptions(Vec<String>),
    #[error("must be an http:// or https:// URL")]
    NotUrl,
}

/// Checks `input` against a field of type `kind` with these `options`. `Ok(None)`
/// clears the value: `null`, an empty string or an empty list.
pub fn check_value(
    kind: FieldType,
    options: &[String],
    input: &Input,
) -> Result<Option<FieldValue>, ValueError> {
    match input {
        Input::Null => return Ok(None),
        Input::Text(s) if s.trim().is_empty() => return Ok(None),
        Input::List(items) if items.is_empty() && kind == FieldType::Multiselect => {
            return Ok(None)
        }
        _ => {}
    }
    let value = match kind {
        FieldType::Text => FieldValue::Text(text(input, MAX_TEXT)?),
        FieldType::Textarea => FieldValue::Text(text(input, MAX_TEXTAREA)?),
        FieldType::Number => FieldValue::Number(number(input).ok_or(ValueError::NotNumber)?),
        FieldType::Date => FieldValue::Date(date(input).ok_or(ValueError::NotDate)?),
        FieldType::Checkbox => FieldValue::Bool(boolean(input).ok_or(ValueError::NotBoolean)?),
        FieldType::Dropdown => FieldValue::Choice(
            option(options, input).ok_or_else(|| ValueError::NotAnOption(options.to_vec()))?,
        ),
        FieldType::Multiselect => FieldValue::Choices(
            choices(options, input).ok_or_else(|| ValueError::NotOptions(options.to_vec()))?,
        ),
        FieldType::Url => FieldValue::Url(url(input)?),
    };
    Ok(Some(value))
}

fn text(input: &Input, limit: usize) -> Result<String, ValueError> {
    let s = match input {
        Input::Text(s) => s.trim().to_string(),
        Input::Number(n) => number_text(*n),
        _ => return Err(ValueError::NotText),
    };
    if s.chars().count() > limit {
        return Err(ValueError::TooLong(limit));
    }
    Ok(s)
}

/// A whole number without a trailing `.0`.
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

fn number(input: &Input) -> Option<f64> {
    let n = match input {
        Input::Number(n) => *n,
        // Rust also reads "inf" and "NaN"; the finiteness check below refuses them.
        Input::Text(s) => s.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    n.is_finite().then_some(n)
}

fn date(input: &Input) -> Option<String> {
    let Input::Text(s) = input else { return None };
    let s = s.trim();
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (year >= 1 && (1..=days).contains(&day)).then(|| s.to_string())
}

fn boolean(input: &Input) -> Option<bool> {
    match input {
        Input::Bool(b) => Some(*b),
        Input::Number(n) if *n == 1.0 => Some(true),
        Input::Number(n) if *n == 0.0 => Some(false),
        Input::Text(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Some(true),
            "false" | "0" | "no" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// The option `input` names, without regard to case or surrounding spaces.
fn option(options: &[String], input: &Input) -> Option<String> {
    let given = match input {
        Input::Text(s) => s.trim().to_lowercase(),
        Input::Number(n) => number_text(*n),
        _ => return None,
    };
    options.iter().find(|o| o.to_lowercase() == given).cloned()
}

/// A list of options (or one alone), each once, in the definition's order.
fn choices(options: &[String], input: &Input) -> Option<Vec<String>> {
    let picked: Vec<String> = match input {
        Input::List(items) => items
            .iter()
            .map(|i| option(options, i))
            .collect::<Option<_>>()?,
        single => vec![option(options, single)?],
    };
    Some(
        options
            .iter()
            .filter(|o| picked.contains(o))
            .cloned()
            .collect(),
    )
}

fn url(input: &Input) -> Result<String, ValueError> {
    let Input::Text(s) = input else {
        return Err(ValueError::NotUrl);
    };
    let s = s.trim();
    if s.chars().count() > MAX_URL {
        return Err(ValueError::TooLong(MAX_URL));
    }
    let lower = s.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .ok_or(ValueError::NotUrl)?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit('@').next().unwrap_or_default();
    let host_ok = host.chars().any(|c| c.is_alphanumeric())
        && !host.starts_with(['.', '-', ':'])
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    let clean = !s.chars().any(|c| c.is_whitespace() || c.is_control());
    if host_ok && clean {
        Ok(s.to_string())
    } else {
        Err(ValueError::NotUrl)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use FieldType::*;
    use FieldValue as V;
    use Input as I;

    fn opts() -> Vec<String> {
        ["Junior", "Senior", "Lead"].map(String::from).to_vec()
    }

    fn check(kind: FieldType, input: I) -> Result<Option<FieldValue>, ValueError> {
        check_value(kind, &opts(), &input)
    }

    #[test]
    fn accepted_values_take_their_canonical_form() {
        let s = |v: &str| v.to_string();
        let cases: Vec<(FieldType, I, FieldValue)> = vec![
            (Text, I::Text("  hello "), V::Text(s("hello"))),
            (Text, I::Number(42.0), V::Text(s("42"))),
            (
                Textarea,
                I::Text("line 1\nline 2"),
                V::Text(s("line 1\nline 2")),
            ),
            (Number, I::Number(1.5), V::Number(1.5)),
            (Number, I::Text(" 120000 "), V::Number(120000.0)),
            (Number, I::Text("-3.25"), V::Number(-3.25)),
            (Date, I::Text("2024-02-29"), V::Date(s("2024-02-29"))),
            (Date, I::Text("2000-12-31 "), V::Date(s("2000-12-31"))),
            (Checkbox, I::Bool(true), V::Bool(true)),
            (Checkbox, I::Text("false"), V::Bool(false)),
            (Checkbox, I::Text("1"), V::Bool(true)),
            (Checkbox, I::Text("0"), V::Bool(false)),
            (Checkbox, I::Number(0.0), V::Bool(false)),
            (Dropdown, I::Text("senior"), V::Choice(s("Senior"))),
            (
                Multiselect,
                I::List(vec![I::Text("Lead"), I::Text("junior"), I::Text("Lead")]),
                V::Choices(vec![s("Junior"), s("Lead")]),
            ),
            (Multiselect, I::Text("Lead"), V::Choices(vec![s("Lead")])),
            (
                Url,
                I::Text("https://example.com/a?b=c"),
                V::Url(s("https://example.com/a?b=c")),
            ),
            (
                Url,
                I::Text("HTTP://localhost:8080"),
                V::Url(s("HTTP://localhost:8080")),
            ),
        ];
        for (kind, input, want) in cases {
            assert_eq!(
                check(kind, input.clone()),
                Ok(Some(want)),
                "{kind} {input:?}"
            );
        }
    }

    #[test]
    fn wrong_values_say_what_was_expected() {
        let long = "x".repeat(MAX_TEXT + 1);
        let cases: Vec<(FieldType, I, ValueError)> = vec![
            (Text, I::Bool(true), ValueError::NotText),
            (Text, I::Text(&long), ValueError::TooLong(MAX_TEXT)),
            (Textarea, I::List(vec![I::Text("a")]), ValueError::NotText),
            (Number, I::Text("12k"), ValueError::NotNumber),
            (Number, I::Text("NaN"), ValueError::NotNumber),
            (Number, I::Text("inf"), ValueError::NotNumber),
            (Number, I::Bool(true), ValueError::NotNumber),
            (Date, I::Text("2023-02-29"), ValueError::NotDate),
            (Date, I::Text("2024-13-01"), ValueError::NotDate),
            (Date, I::Text("01/02/2024"), ValueError::NotDate),
            (Date, I::Text("2024-1-01"), ValueError::NotDate),
            (Date, I::Text("+024-01-01"), ValueError::NotDate),
            (Date, I::Number(20240101.0), ValueError::NotDate),
            (Checkbox, I::Text("maybe"), ValueError::NotBoolean),
            (Checkbox, I::Number(2.0), ValueError::NotBoolean),
            (
                Dropdown,
                I::Text("Principal"),
                ValueError::NotAnOption(opts()),
            ),
            (
                Dropdown,
                I::List(vec![I::Text("Lead")]),
                ValueError::NotAnOption(opts()),
            ),
            (
                Multiselect,
                I::List(vec![I::Text("Lead"), I::Text("CTO")]),
                ValueError::NotOptions(opts()),
            ),
            (Multiselect, I::Other, ValueError::NotOptions(opts())),
            (Url, I::Text("ftp://example.com"), ValueError::NotUrl),
            (Url, I::Text("example.com"), ValueError::NotUrl),
            (Url, I::Text("https://"), ValueError::NotUrl),
            (Url, I::Text("https://exa mple.com"), ValueError::NotUrl),
            (Url, I::Text("javascript:alert(1)"), ValueError::NotUrl),
        ];
        for (kind, input, want) in cases {
            assert_eq!(check(kind, input.clone()), Err(want), "{kind} {input:?}");
        }
        assert_eq!(
            ValueError::NotAnOption(opts()).to_string(),
            "must be one of: Junior, Senior, Lead"
        );
    }

    #[test]
    fn null_and_empty_clear_every_type() {
        for kind in FieldType::ALL {
            assert_eq!(check(kind, I::Null), Ok(None), "{kind}");
            assert_eq!(check(kind, I::Text("  ")), Ok(None), "{kind}");
        }
        assert_eq!(check(Multiselect, I::List(vec![])), Ok(None));
        // false is a value, not an absence.
        assert_eq!(check(Checkbox, I::Bool(false)), Ok(Some(V::Bool(false))));
    }
}
