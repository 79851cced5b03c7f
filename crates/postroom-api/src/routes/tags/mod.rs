//! tags routes (to be written).

use super::catalog::Route;

pub fn routes() -> Vec<Route> {
    Vec::new()
}
