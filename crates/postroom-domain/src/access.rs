//! What a team member may see through the API.

use std::fmt;

/// Administrators and recruiters see every record; a hiring manager sees only the
/// candidates in pipelines of job orders whose hiring team includes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessLevel {
    Administrator,
    Recruiter,
    HiringManager,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot use {0:?} as an access level: expected administrator, recruiter or hiring_manager")]
pub struct AccessLevelError(pub String);

impl AccessLevel {
    pub fn parse(s: &str) -> Result<AccessLevel, AccessLevelError> {
        match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "administrator" | "admin" => Ok(AccessLevel::Administrator),
            "recruiter" => Ok(AccessLevel::Recruiter),
            "hiring_manager" => Ok(AccessLevel::HiringManager),
            _ => Err(AccessLevelError(s.to_string())),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AccessLevel::Administrator => "administrator",
            AccessLevel::Recruiter => "recruiter",
            AccessLevel::HiringManager => "hiring_manager",
        }
    }

    /// Sees every candidate and contact, not only those of their hiring teams.
    pub fn sees_everything(self) -> bool {
        self != AccessLevel::HiringManager
    }
}

impl fmt::Display for AccessLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_spellings_people_type() {
        assert_eq!(
            AccessLevel::parse("Hiring-Manager"),
            Ok(AccessLevel::HiringManager)
        );
        assert_eq!(AccessLevel::parse("admin"), Ok(AccessLevel::Administrator));
        assert!(AccessLevel::parse("owner").is_err());
        for a in [
            AccessLevel::Administrator,
            AccessLevel::Recruiter,
            AccessLevel::HiringManager,
        ] {
            assert_eq!(AccessLevel::parse(a.as_str()), Ok(a));
        }
    }
}
