import type { FindingStatus, Severity } from "../../ipc";

export const SEVERITIES: Severity[] = ["critical", "high", "medium", "low", "info"];

export const SEVERITY_LABEL: Record<Severity, string> = {
  critical: "Critical",
  high: "High",
  medium: "Medium",
  low: "Low",
  info: "Info",
};

export const STATUS_LABEL: Record<FindingStatus, string> = {
  open: "Open",
  reopened: "Reopened",
  resolved: "Resolved",
  false_positive: "False positive",
  accepted_risk: "Accepted risk",
  suppressed: "Suppressed",
};

export function severityLabel(s: Severity | null): string {
  return s ? SEVERITY_LABEL[s] : "Unknown";
}
