//! Picking an allowed value (usually a priority) from a finding's severity or risk score.

use serde::{Deserialize, Serialize};
use vulnbridge_model::{Finding, Severity};

use crate::mapping::ValueRef;

/// Severity → allowed value. Each entry is editable; an empty entry leaves the field unset for
/// findings of that severity (Jira then applies its default).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct SeverityMap {
    pub critical: Option<ValueRef>,
    pub high: Option<ValueRef>,
    pub medium: Option<ValueRef>,
    pub low: Option<ValueRef>,
    pub info: Option<ValueRef>,
    /// For findings whose severity is unknown.
    pub unknown: Option<ValueRef>,
}

impl SeverityMap {
    /// The usual Jira priority names: Critical → Highest, High → High, Medium → Medium,
    /// Low → Low, Info → Lowest, unknown → Medium (by name; ids filled in by
    /// [`crate::defaults`] when the site has these names).
    pub fn usual_priorities() -> SeverityMap {
        SeverityMap {
            critical: Some(ValueRef::named("Highest")),
            high: Some(ValueRef::named("High")),
            medium: Some(ValueRef::named("Medium")),
            low: Some(ValueRef::named("Low")),
            info: Some(ValueRef::named("Lowest")),
            unknown: Some(ValueRef::named("Medium")),
        }
    }

    /// The entry for a severity (`None` = unknown severity).
    pub fn get(&self, severity: Option<Severity>) -> Option<&ValueRef> {
        match severity {
            Some(Severity::Critical) => self.critical.as_ref(),
            Some(Severity::High) => self.high.as_ref(),
            Some(Severity::Medium) => self.medium.as_ref(),
            Some(Severity::Low) => self.low.as_ref(),
            Some(Severity::Info) => self.info.as_ref(),
            None => self.unknown.as_ref(),
        }
    }

    /// Every entry, with a name for messages.
    pub fn entries(&self) -> Vec<(&'static str, &ValueRef)> {
        [
            ("critical", &self.critical),
            ("high", &self.high),
            ("medium", &self.medium),
            ("low", &self.low),
            ("info", &self.info),
            ("unknown", &self.unknown),
        ]
        .into_iter()
        .filter_map(|(n, v)| v.as_ref().map(|v| (n, v)))
        .collect()
    }

    /// Mutable access to every entry (used to resolve names to ids).
    pub fn entries_mut(&mut self) -> [&mut Option<ValueRef>; 6] {
        [
            &mut self.critical,
            &mut self.high,
            &mut self.medium,
            &mut self.low,
            &mut self.info,
            &mut self.unknown,
        ]
    }
}

/// One score band: scores in `min..=max` get `value`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ScoreBand {
    pub min: f64,
    pub max: f64,
    pub value: ValueRef,
}

/// Risk score → allowed value, by bands checked in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct ScoreMap {
    pub bands: Vec<ScoreBand>,
    /// For findings without a score; `None` falls back to no value.
    pub unscored: Option<ValueRef>,
}

impl Default for ScoreMap {
    /// 8.0–10 Highest, 6.0–7.9 High, 4.0–5.9 Medium, 2.0–3.9 Low, 0–1.9 Lowest.
    fn default() -> ScoreMap {
        let band = |min: f64, max: f64, name: &str| ScoreBand {
            min,
            max,
            value: ValueRef::named(name),
        };
        ScoreMap {
            bands: vec![
                band(8.0, 10.0, "Highest"),
                band(6.0, 7.99, "High"),
                band(4.0, 5.99, "Medium"),
                band(2.0, 3.99, "Low"),
                band(0.0, 1.99, "Lowest"),
            ],
            unscored: None,
        }
    }
}

impl ScoreMap {
    /// The value for a score. The score is rounded to one decimal first (7.95 → 8.0), the way
    /// scanners print scores, so no score falls between two bands.
    pub fn get(&self, score: Option<f64>) -> Option<&ValueRef> {
        let Some(score) = score.filter(|s| s.is_finite()) else {
            return self.unscored.as_ref();
        };
        let rounded = (score * 10.0).round() / 10.0;
        self.bands
            .iter()
            .find(|b| rounded >= b.min && rounded <= b.max)
            .map(|b| &b.value)
    }

    /// Mutable access to every value (used to resolve names to ids).
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut ValueRef> {
        self.bands
            .iter_mut()
            .map(|b| &mut b.value)
            .chain(self.unscored.iter_mut())
    }
}

/// The value a severity map gives for a finding.
pub fn by_severity<'a>(map: &'a SeverityMap, finding: &Finding) -> Option<&'a ValueRef> {
    map.get(finding.severity)
}

/// The value a score map gives for a finding.
pub fn by_score<'a>(map: &'a ScoreMap, finding: &Finding) -> Option<&'a ValueRef> {
    map.get(finding.score)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(v: Option<&ValueRef>) -> Option<&str> {
        v.map(|v| v.name.as_str())
    }

    #[test]
    fn default_score_bands_have_the_documented_edges() {
        let m = ScoreMap::default();
        assert_eq!(name(m.get(Some(10.0))), Some("Highest"));
        assert_eq!(name(m.get(Some(8.0))), Some("Highest"));
        assert_eq!(name(m.get(Some(7.9))), Some("High"));
        assert_eq!(name(m.get(Some(7.95))), Some("Highest"));
        assert_eq!(name(m.get(Some(6.0))), Some("High"));
        assert_eq!(name(m.get(Some(5.9))), Some("Medium"));
        assert_eq!(name(m.get(Some(4.0))), Some("Medium"));
        assert_eq!(name(m.get(Some(3.9))), Some("Low"));
        assert_eq!(name(m.get(Some(2.0))), Some("Low"));
        assert_eq!(name(m.get(Some(1.9))), Some("Lowest"));
        assert_eq!(name(m.get(Some(0.0))), Some("Lowest"));
        assert_eq!(name(m.get(None)), None);
        assert_eq!(name(m.get(Some(f64::NAN))), None);
        assert_eq!(name(m.get(Some(11.0))), None);
    }

    #[test]
    fn severity_map_covers_unknown() {
        let m = SeverityMap::usual_priorities();
        assert_eq!(name(m.get(Some(Severity::Critical))), Some("Highest"));
        assert_eq!(name(m.get(Some(Severity::Info))), Some("Lowest"));
        assert_eq!(name(m.get(None)), Some("Medium"));
        assert_eq!(m.entries().len(), 6);
    }
}
