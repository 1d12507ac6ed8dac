// Shared shapes for the routing tests (what the backend sends for the sandbox's APPSEC project).
import type { ConnectionView, CreateFieldsView, FieldMapping, RoutingOverview, RuleView } from "../../ipc";

export const connection: ConnectionView = {
  id: "c1",
  name: "Local sandbox",
  kindLabel: "Cloud",
  cloud: true,
  siteUrl: "http://127.0.0.1:9999/",
  auth: { method: "cloudApiToken", email: "demo@sandbox.test" },
  authLabel: "API token",
  account: "Demo Analyst",
  warning: null,
  sandbox: true,
  health: { state: "healthy", lastCheckedAt: null, lastSuccessAt: null, lastErrorCode: null, lastErrorMessage: null },
};

export const mapping: FieldMapping = {
  fields: {
    summary: { source: "template", value: "{{title}}" },
    priority: { source: "by_severity", value: { critical: { id: "1", name: "Highest" }, high: { id: "2", name: "High" } } },
  },
  summaryPrefix: { enabled: false, text: "[Security]" },
  extraLabels: [],
};

export const fields: CreateFieldsView = {
  fetchedAt: "2026-11-23T10:00:00.000Z",
  dialect: "cloud",
  defaultMapping: mapping,
  fields: [
    { kind: "summary", kindLabel: "the summary", meta: { id: "summary", name: "Summary", required: true, schema: { type: "string", system: "summary" } } },
    { kind: "labels", kindLabel: "a labels field", meta: { id: "labels", name: "Labels", schema: { type: "array", items: "string", system: "labels" } } },
    {
      kind: "priority",
      kindLabel: "the priority",
      meta: {
        id: "priority",
        name: "Priority",
        schema: { type: "priority", system: "priority" },
        allowedValues: [
          { id: "1", name: "Highest" },
          { id: "2", name: "High" },
          { id: "3", name: "Medium" },
        ],
      },
    },
    {
      kind: "select",
      kindLabel: "a single-choice list",
      meta: {
        id: "customfield_10050",
        name: "Team",
        required: true,
        schema: { type: "option", custom: "com.atlassian.jira.plugin.system.customfieldtypes:select" },
        allowedValues: [
          { id: "100", name: "Platform" },
          { id: "101", name: "Payments" },
        ],
      },
    },
  ],
};

export function rule(over: Partial<RuleView> = {}): RuleView {
  return {
    id: 1,
    name: "Checkout to SEC",
    scope: { kind: "application", id: 3 },
    scopeName: "checkout",
    connectionId: "c1",
    projectId: "10000",
    projectKey: "SEC",
    projectName: "Security",
    issueTypeId: "10001",
    issueTypeName: "Bug",
    assignee: null,
    minSeverity: "high",
    triggerKinds: ["vulnerability"],
    mapping,
    enabledSince: "2026-11-20T09:00:00.000Z",
    ...over,
  };
}

export function overview(rules: RuleView[]): RoutingOverview {
  return {
    rules,
    scopes: [
      { scope: { kind: "application", id: 3 }, name: "checkout", groupName: null },
      { scope: { kind: "group", id: 1 }, name: "Payments", groupName: null },
    ],
  };
}
