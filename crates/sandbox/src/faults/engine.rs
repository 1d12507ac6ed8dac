//! Evaluates a [`FaultPlan`] for each request, deterministically from a seed.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::limits::{Headroom, LimitCounters, LimitHit};
use super::plan::{Fault, FaultPlan, Trigger};

/// What the server does with one request.
#[derive(Clone, Debug)]
pub(crate) struct Decision {
    /// Delay before anything else happens.
    pub latency: Duration,
    pub outcome: Outcome,
    /// Remaining budget when limits are configured and the call was allowed.
    pub headroom: Option<Headroom>,
}

#[derive(Clone, Debug)]
pub(crate) enum Outcome {
    Proceed,
    Injected(Fault),
    Limited(LimitHit),
}

/// A small deterministic generator (SplitMix64).
#[derive(Debug)]
pub(crate) struct SeededRng(u64);

impl SeededRng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[derive(Debug)]
pub(crate) struct FaultEngine {
    plan: FaultPlan,
    hits: Vec<u64>,
    rng: SeededRng,
    limits: LimitCounters,
}

impl FaultEngine {
    pub fn new(plan: FaultPlan, seed: u64) -> Self {
        let hits = vec![0; plan.rules.len()];
        Self {
            plan,
            hits,
            rng: SeededRng::new(seed),
            limits: LimitCounters::default(),
        }
    }

    /// Replaces the plan; counters and windows start over, the rng continues.
    pub fn set_plan(&mut self, plan: FaultPlan) {
        self.hits = vec![0; plan.rules.len()];
        self.plan = plan;
        self.limits.reset();
    }

    pub fn decide(&mut self, method: &str, path: &str, now: DateTime<Utc>) -> Decision {
        let mut latency = Duration::ZERO;
        let mut outcome = Outcome::Proceed;
        for (i, rule) in self.plan.rules.iter().enumerate() {
            if !rule.target.matches(method, path) {
                continue;
            }
            self.hits[i] += 1;
            let n = self.hits[i];
            let fires = match rule.trigger {
                Trigger::Always => true,
                Trigger::Probability(p) => self.rng.next_f64() < p,
                Trigger::EveryNth(k) => k > 0 && n.is_multiple_of(u64::from(k)),
                Trigger::FirstN(k) => n <= u64::from(k),
            };
            if !fires {
                continue;
            }
            match &rule.fault {
                Fault::Latency(d) => latency += *d,
                other => {
                    if matches!(outcome, Outcome::Proceed) {
                        outcome = Outcome::Injected(other.clone());
                    }
                }
            }
        }
        let mut headroom = None;
        if matches!(outcome, Outcome::Proceed) {
            match self.limits.check(&self.plan.limits, method, path, now) {
                Ok(h) => headroom = h,
                Err(hit) => outcome = Outcome::Limited(hit),
            }
        }
        Decision {
            latency,
            outcome,
            headroom,
        }
    }

    /// Random material for tokens and codes.
    pub fn token(&mut self, prefix: &str) -> String {
        format!(
            "{prefix}{:016x}{:016x}",
            self.rng.next_u64(),
            self.rng.next_u64()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::faults::{FaultRule, Target};

    #[test]
    fn same_seed_same_decisions() {
        let plan = FaultPlan::none().with_rule(FaultRule::new(
            Target::any(),
            Trigger::Probability(0.5),
            Fault::InternalError,
        ));
        let run = |seed| {
            let mut e = FaultEngine::new(plan.clone(), seed);
            (0..64)
                .map(|_| {
                    matches!(
                        e.decide("GET", "/x", Utc::now()).outcome,
                        Outcome::Injected(_)
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(run(7), run(7));
        assert_ne!(run(7), run(8));
        let fired = run(7).iter().filter(|f| **f).count();
        assert!((16..=48).contains(&fired), "p=0.5 fired {fired}/64");
    }
}
