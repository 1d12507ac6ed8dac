//! Fault injection and rate limiting: what can go wrong, on which calls, how often.

mod engine;
mod limits;
mod plan;

pub(crate) use engine::{Decision, FaultEngine, Outcome};
pub(crate) use limits::{Headroom, LimitHit};
pub use plan::{Budget, Fault, FaultPlan, FaultRule, RateLimitReason, RateLimits, Target, Trigger};
