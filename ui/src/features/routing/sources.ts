// Which mapping sources fit which Jira field kind, and what a field starts with when the
// analyst switches its source. Mirrors the mapping crate's README table.
import type {
  AllowedValue,
  FieldKind,
  FieldMeta,
  FieldSource,
  FindingAttribute,
  ScoreMap,
  SeverityMap,
  SlaDays,
  ValueRef,
} from "../../ipc";

export type SourceKind = FieldSource["source"];

export const SOURCE_LABEL: Record<SourceKind, string> = {
  fixed: "Fixed Jira value",
  attribute: "Finding attribute",
  literal: "Literal text",
  template: "Template",
  by_severity: "From severity",
  by_score: "From risk score",
  sla_due_date: "SLA days by severity",
};

const CHOICE_KINDS: FieldKind[] = ["select", "multi_select", "cascading", "priority", "components", "versions", "version"];

/** Kinds the rule sets itself, or Vulnbridge cannot fill. */
export function isUnmappable(kind: FieldKind): boolean {
  return kind === "project" || kind === "issue_type" || kind === "unsupported";
}

/** The sources offered for a field of `kind`, best first. */
export function sourcesFor(kind: FieldKind): SourceKind[] {
  if (isUnmappable(kind)) return [];
  switch (kind) {
    case "summary":
    case "rich_text":
    case "text":
    case "url":
      return ["template", "attribute", "literal"];
    case "labels":
      return ["attribute", "template", "literal"];
    case "priority":
    case "select":
      return ["by_severity", "by_score", "fixed", "attribute"];
    case "version":
      return ["fixed", "by_severity", "by_score"];
    case "date":
    case "date_time":
      return ["sla_due_date", "attribute", "literal"];
    case "number":
      return ["attribute", "literal"];
    case "user":
    case "multi_user":
    case "parent":
    case "epic_link":
    case "group":
      return ["fixed", "literal"];
    default:
      return CHOICE_KINDS.includes(kind) ? ["fixed"] : ["literal"];
  }
}

export const ATTRIBUTES: { id: FindingAttribute; label: string }[] = [
  ["title", "Title"],
  ["severity", "Severity"],
  ["raw_severity", "Tool severity"],
  ["score", "Score"],
  ["cvss_vector", "CVSS vector"],
  ["confidence", "Confidence"],
  ["kind", "Kind"],
  ["cves", "CVE ids"],
  ["cwes", "CWE ids"],
  ["aliases", "Aliases"],
  ["rule_id", "Rule id"],
  ["tool", "Tool"],
  ["location", "Location"],
  ["file", "File"],
  ["line", "Line"],
  ["url", "URL"],
  ["package_name", "Package"],
  ["package_version", "Installed version"],
  ["fixed_version", "Fixed version"],
  ["image", "Image"],
  ["host", "Host"],
  ["source_ips", "Source IPs"],
  ["application", "Application"],
  ["description", "Description"],
  ["remediation", "Remediation"],
  ["references", "References"],
  ["evidence", "Evidence"],
  ["snippet", "Code snippet"],
  ["first_seen", "First seen"],
  ["fingerprint", "Fingerprint"],
  ["link_back", "Link back"],
  ["today", "Today"],
].map(([id, label]) => ({ id: id as FindingAttribute, label: label ?? id ?? "" }));

export const SEVERITY_ROWS = ["critical", "high", "medium", "low", "info", "unknown"] as const;
export type SeverityRow = (typeof SEVERITY_ROWS)[number];

export function usable(values: AllowedValue[] | undefined): AllowedValue[] {
  return (values ?? []).filter((v) => !v.disabled);
}

export function refOf(v: AllowedValue): ValueRef {
  return { id: v.id ?? "", name: v.name ?? "" };
}

/** The allowed value named like `name` (case-insensitive), for the usual priority names. */
function named(values: AllowedValue[], name: string): ValueRef | null {
  const hit = values.find((v) => (v.name ?? "").toLowerCase() === name.toLowerCase());
  return hit ? refOf(hit) : null;
}

const USUAL: Record<SeverityRow, string> = {
  critical: "Highest",
  high: "High",
  medium: "Medium",
  low: "Low",
  info: "Lowest",
  unknown: "Medium",
};

export function defaultSeverityMap(field: FieldMeta): SeverityMap {
  const values = usable(field.allowedValues);
  const map: SeverityMap = {};
  for (const row of SEVERITY_ROWS) map[row] = named(values, USUAL[row]) ?? (values[0] ? refOf(values[0]) : null);
  return map;
}

export function defaultScoreMap(field: FieldMeta): ScoreMap {
  const values = usable(field.allowedValues);
  const band = (min: number, max: number, name: string) => ({
    min,
    max,
    value: named(values, name) ?? (values[0] ? refOf(values[0]) : { id: "", name }),
  });
  return {
    bands: [band(8, 10, "Highest"), band(6, 7.99, "High"), band(4, 5.99, "Medium"), band(2, 3.99, "Low"), band(0, 1.99, "Lowest")],
    unscored: null,
  };
}

export const DEFAULT_SLA: SlaDays = { critical: 7, high: 30, medium: 90, low: 180, info: null, unknown: null };

/** What a field holds right after the analyst picks `source` for it. */
export function startingSource(source: SourceKind, kind: FieldKind, field: FieldMeta): FieldSource {
  const first = usable(field.allowedValues)[0];
  switch (source) {
    case "fixed":
      if (kind === "parent" || kind === "epic_link") return { source, value: { kind: "issue_key", key: "" } };
      if (kind === "user") return { source, value: { kind: "user", id: "" } };
      if (kind === "multi_user") return { source, value: { kind: "users", ids: [] } };
      if (kind === "group") return { source, value: { kind: "group", name: "" } };
      if (kind === "cascading") return { source, value: { kind: "cascade", parent: first ? refOf(first) : {}, child: null } };
      if (kind === "multi_select" || kind === "components" || kind === "versions")
        return { source, value: { kind: "many", values: first ? [refOf(first)] : [] } };
      return { source, value: { kind: "one", value: first ? refOf(first) : {} } };
    case "attribute":
      return { source, value: kind === "number" ? "score" : kind === "date" || kind === "date_time" ? "first_seen" : "title" };
    case "literal":
      return { source, value: "" };
    case "template":
      return { source, value: "{{title}}" };
    case "by_severity":
      return { source, value: defaultSeverityMap(field) };
    case "by_score":
      return { source, value: defaultScoreMap(field) };
    case "sla_due_date":
      return { source, value: { ...DEFAULT_SLA } };
  }
}
