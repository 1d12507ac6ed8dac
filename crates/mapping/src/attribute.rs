//! Finding attributes a field or a template placeholder can take its value from.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use vulnbridge_model::{Finding, FindingKind, Location, Severity};

use crate::context::RenderContext;

/// One attribute of a finding (or of its rendering context). The snake_case name is also the
/// template placeholder (`{{package_version}}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum FindingAttribute {
    Title,
    /// Normalized severity, capitalized (`High`).
    Severity,
    /// Severity as the tool spelled it.
    RawSeverity,
    Score,
    CvssVector,
    Confidence,
    Kind,
    Cves,
    Cwes,
    Aliases,
    RuleId,
    /// Tool name (and version when known).
    Tool,
    /// One-line location (`src/app.py:12`, `GET https://x/y [q]`, `lodash@4.17.15`).
    Location,
    File,
    Line,
    /// The request URL or the URL location.
    Url,
    PackageName,
    PackageVersion,
    /// Fix versions, comma-separated.
    FixedVersion,
    Image,
    Host,
    SourceIps,
    Application,
    Description,
    Remediation,
    References,
    Evidence,
    Snippet,
    FirstSeen,
    DedupLabel,
    Fingerprint,
    /// Link back to the finding in Vulnbridge.
    LinkBack,
    Today,
}

/// Every attribute, in the order the UI lists them.
pub const ALL_ATTRIBUTES: [FindingAttribute; 33] = {
    use FindingAttribute::*;
    [
        Title,
        Severity,
        RawSeverity,
        Score,
        CvssVector,
        Confidence,
        Kind,
        Cves,
        Cwes,
        Aliases,
        RuleId,
        Tool,
        Location,
        File,
        Line,
        Url,
        PackageName,
        PackageVersion,
        FixedVersion,
        Image,
        Host,
        SourceIps,
        Application,
        Description,
        Remediation,
        References,
        Evidence,
        Snippet,
        FirstSeen,
        DedupLabel,
        Fingerprint,
        LinkBack,
        Today,
    ]
};

/// The value of an attribute for one finding.
#[derive(Debug, Clone, PartialEq)]
pub enum AttrValue {
    Empty,
    Text(String),
    /// Text that is a URL (becomes a link when it is http/https).
    Url(String),
    /// Multi-line prose (description, remediation): paragraphs when alone on a template line.
    Prose(String),
    /// Verbatim text (evidence, snippet): a code block when alone on a template line.
    Code(String),
    /// A score, shown with one decimal (`7.5`).
    Number(f64),
    /// A whole number (line numbers).
    Int(u32),
    List(Vec<String>),
    /// A list of URLs (references): a bullet list of links when alone on a template line.
    Urls(Vec<String>),
    Date(NaiveDate),
    DateTime(DateTime<Utc>),
}

impl AttrValue {
    pub fn is_empty(&self) -> bool {
        match self {
            AttrValue::Empty => true,
            AttrValue::Text(s) | AttrValue::Url(s) | AttrValue::Prose(s) | AttrValue::Code(s) => {
                s.trim().is_empty()
            }
            AttrValue::List(l) | AttrValue::Urls(l) => l.iter().all(|s| s.trim().is_empty()),
            AttrValue::Number(n) => !n.is_finite(),
            AttrValue::Int(_) | AttrValue::Date(_) | AttrValue::DateTime(_) => false,
        }
    }

    /// The value as one plain string (lists joined with `, `).
    pub fn plain(&self) -> String {
        match self {
            AttrValue::Empty => String::new(),
            AttrValue::Text(s) | AttrValue::Url(s) | AttrValue::Prose(s) | AttrValue::Code(s) => {
                s.clone()
            }
            AttrValue::Number(n) => format_score(*n),
            AttrValue::Int(n) => n.to_string(),
            AttrValue::List(l) | AttrValue::Urls(l) => l.join(", "),
            AttrValue::Date(d) => d.format("%Y-%m-%d").to_string(),
            AttrValue::DateTime(t) => t.format("%Y-%m-%d %H:%M UTC").to_string(),
        }
    }
}

fn format_score(n: f64) -> String {
    if n.is_finite() {
        format!("{n:.1}")
    } else {
        String::new()
    }
}

impl FindingAttribute {
    /// The placeholder / export name (`package_version`).
    pub fn name(self) -> &'static str {
        use FindingAttribute::*;
        match self {
            Title => "title",
            Severity => "severity",
            RawSeverity => "raw_severity",
            Score => "score",
            CvssVector => "cvss_vector",
            Confidence => "confidence",
            Kind => "kind",
            Cves => "cves",
            Cwes => "cwes",
            Aliases => "aliases",
            RuleId => "rule_id",
            Tool => "tool",
            Location => "location",
            File => "file",
            Line => "line",
            Url => "url",
            PackageName => "package_name",
            PackageVersion => "package_version",
            FixedVersion => "fixed_version",
            Image => "image",
            Host => "host",
            SourceIps => "source_ips",
            Application => "application",
            Description => "description",
            Remediation => "remediation",
            References => "references",
            Evidence => "evidence",
            Snippet => "snippet",
            FirstSeen => "first_seen",
            DedupLabel => "dedup_label",
            Fingerprint => "fingerprint",
            LinkBack => "link_back",
            Today => "today",
        }
    }

    /// The attribute a placeholder names; also accepts the short spellings `cve`, `cwe`,
    /// `link`, `package` and `rule`.
    pub fn from_name(name: &str) -> Option<FindingAttribute> {
        let name = name.trim().to_ascii_lowercase();
        let alias = match name.as_str() {
            "cve" => Some(FindingAttribute::Cves),
            "cwe" => Some(FindingAttribute::Cwes),
            "link" => Some(FindingAttribute::LinkBack),
            "package" => Some(FindingAttribute::PackageName),
            "rule" => Some(FindingAttribute::RuleId),
            _ => None,
        };
        alias.or_else(|| ALL_ATTRIBUTES.iter().copied().find(|a| a.name() == name))
    }

    /// This attribute's value for a finding.
    pub fn value(self, f: &Finding, ctx: &RenderContext) -> AttrValue {
        use FindingAttribute as A;
        let text = |s: Option<&str>| match s {
            Some(s) if !s.trim().is_empty() => AttrValue::Text(s.to_string()),
            _ => AttrValue::Empty,
        };
        let list = |l: &[String]| {
            if l.is_empty() {
                AttrValue::Empty
            } else {
                AttrValue::List(l.to_vec())
            }
        };
        let package = f.location.package();
        match self {
            A::Title => text(Some(&f.title)),
            A::Severity => text(f.severity.map(severity_name)),
            A::RawSeverity => text(f.raw_severity.as_deref()),
            A::Score => f.score.map_or(AttrValue::Empty, AttrValue::Number),
            A::CvssVector => text(f.cvss_vector.as_deref()),
            A::Confidence => text(f.confidence.map(|c| match c {
                vulnbridge_model::Confidence::Low => "Low",
                vulnbridge_model::Confidence::Medium => "Medium",
                vulnbridge_model::Confidence::High => "High",
                vulnbridge_model::Confidence::Confirmed => "Confirmed",
            })),
            A::Kind => text(Some(match f.kind {
                FindingKind::Vulnerability => "Vulnerability",
                FindingKind::Incident => "Incident",
            })),
            A::Cves => list(&f.cves),
            A::Cwes => list(&f.cwes),
            A::Aliases => list(&f.aliases),
            A::RuleId => text(f.rule_id.as_deref()),
            A::Tool => match &f.tool.version {
                Some(v) if !v.trim().is_empty() => text(Some(&format!("{} {v}", f.tool.name))),
                _ => text(Some(&f.tool.name)),
            },
            A::Location => text(Some(&f.location.display())),
            A::File => match &f.location {
                Location::Code { file, .. } => text(Some(file)),
                _ => AttrValue::Empty,
            },
            A::Line => match &f.location {
                Location::Code {
                    start_line: Some(l),
                    ..
                } => AttrValue::Int(*l),
                _ => AttrValue::Empty,
            },
            A::Url => match (&f.request_url, &f.location) {
                (Some(u), _) if !u.trim().is_empty() => AttrValue::Url(u.clone()),
                (_, Location::Url { url, .. }) if !url.trim().is_empty() => {
                    AttrValue::Url(url.clone())
                }
                _ => AttrValue::Empty,
            },
            A::PackageName => text(package.map(|p| p.name.as_str())),
            A::PackageVersion => text(package.and_then(|p| p.version.as_deref())),
            A::FixedVersion => match package {
                Some(p) if !p.fixed_versions.is_empty() => {
                    AttrValue::Text(p.fixed_versions.join(", "))
                }
                _ => AttrValue::Empty,
            },
            A::Image => match &f.location {
                Location::Image { image, .. } => text(Some(image)),
                _ => AttrValue::Empty,
            },
            A::Host => match &f.location {
                Location::Host { .. } => text(Some(&f.location.display())),
                _ => AttrValue::Empty,
            },
            A::SourceIps => list(&f.source_ips),
            A::Application => text(ctx.application.as_deref()),
            A::Description => prose(f.description.as_deref()),
            A::Remediation => prose(f.remediation.as_deref()),
            A::References => {
                if f.references.is_empty() {
                    AttrValue::Empty
                } else {
                    AttrValue::Urls(f.references.clone())
                }
            }
            A::Evidence => code(f.evidence.as_deref()),
            A::Snippet => match &f.location {
                Location::Code { snippet, .. } => code(snippet.as_deref()),
                _ => AttrValue::Empty,
            },
            A::FirstSeen => ctx.first_seen.map_or(AttrValue::Empty, AttrValue::DateTime),
            A::DedupLabel => AttrValue::Text(f.dedup_label()),
            A::Fingerprint => text(Some(&f.fingerprint)),
            A::LinkBack => match &ctx.link_back {
                Some(u) if !u.trim().is_empty() => AttrValue::Url(u.clone()),
                _ => AttrValue::Empty,
            },
            A::Today => AttrValue::Date(ctx.today),
        }
    }
}

fn prose(s: Option<&str>) -> AttrValue {
    match s {
        Some(s) if !s.trim().is_empty() => AttrValue::Prose(s.to_string()),
        _ => AttrValue::Empty,
    }
}

fn code(s: Option<&str>) -> AttrValue {
    match s {
        Some(s) if !s.trim().is_empty() => AttrValue::Code(s.to_string()),
        _ => AttrValue::Empty,
    }
}

/// `Critical`, `High`, `Medium`, `Low`, `Info`.
pub fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "Critical",
        Severity::High => "High",
        Severity::Medium => "Medium",
        Severity::Low => "Low",
        Severity::Info => "Info",
    }
}
