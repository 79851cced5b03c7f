//! Webhooks: events queued in the store's outbox by the routes that change things
//! (`emit`), delivered by a worker in `serve` with retries (`deliver`), each signed
//! with the subscriber's secret (`sign`).

mod deliver;
mod emit;
mod fanout;
mod sign;

pub use deliver::run_deliveries;
pub use emit::{emit, EVENTS};
pub use sign::signature;
