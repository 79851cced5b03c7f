//! Whether a message was sent by the team or to it.

use crate::envelope::Envelope;
use crate::rules::Rules;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Inbound,
    Outbound,
}

impl Direction {
    /// Outbound when the author is a team member; inbound otherwise (including when
    /// there is no From at all: we cannot claim the team wrote it).
    pub fn of(envelope: &Envelope, rules: &Rules) -> Direction {
        match envelope.from() {
            Some(p) if rules.team.contains(&p.address) => Direction::Outbound,
            _ => Direction::Inbound,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Inbound => "inbound",
            Direction::Outbound => "outbound",
        }
    }

    pub fn parse(input: &str) -> Option<Direction> {
        match input {
            "inbound" => Some(Direction::Inbound),
            "outbound" => Some(Direction::Outbound),
            _ => None,
        }
    }
}
