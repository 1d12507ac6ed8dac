import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fakeBackend } from "../../test-backend";
import { describe, expect, it } from "vitest";
import type { FieldMapping, MappingProblem, RuleInput } from "../../ipc";
import { RoutingPage } from "./RoutingPage";
import { connection, fields, overview, rule } from "./fixtures";

const backend = fakeBackend;

/** Like mapping::validate for the one required custom field of the fixture. */
function check(a: Record<string, unknown>): MappingProblem[] {
  const m = a.mapping as FieldMapping;
  return m.fields?.customfield_10050
    ? []
    : [{ fieldId: "customfield_10050", fieldName: "Team", kind: "required_unmapped", message: "Jira requires “Team” and has no default for it; map it to a value." }];
}

function handlers(extra: Record<string, (a: Record<string, unknown>) => unknown> = {}) {
  return {
    routing_overview: () => overview([]),
    list_connections: () => [connection],
    jira_projects: () => [{ id: "10000", key: "APPSEC", name: "Application Security" }],
    jira_issue_types: () => [{ id: "10001", name: "Bug", subtask: false }],
    jira_create_fields: () => fields,
    check_mapping: check,
    query_findings: () => ({ rows: [], total: 0, offset: 0 }),
    ...extra,
  };
}

async function openWizard() {
  await userEvent.click(await screen.findByRole("button", { name: "New rule" }));
  await userEvent.type(screen.getByPlaceholderText("e.g. Payments to SEC"), "Checkout to APPSEC");
  await userEvent.selectOptions(screen.getByRole("combobox", { name: "Jira project" }), await screen.findByRole("option", { name: "APPSEC · Application Security" }));
  await userEvent.selectOptions(screen.getByRole("combobox", { name: "Issue type" }), await screen.findByRole("option", { name: "Bug" }));
  await userEvent.click(screen.getByRole("button", { name: "Map fields" }));
  return screen.findByRole("region", { name: "Field mapping" });
}

describe("field-mapping wizard", () => {
  it("lists every field with its type and allowed values, and a required field without a mapping blocks saving next to the field", async () => {
    const calls = backend(handlers({ save_routing_rule: () => ({ rule: rule({ name: "Checkout to APPSEC" }), problems: [] }) }));
    render(<RoutingPage />);
    const wizard = await openWizard();
    const team = within(wizard).getByRole("listitem", { name: "Team" });
    expect(within(team).getByText("Required")).toBeTruthy();
    expect(within(team).getByText(/a single-choice list · 2 allowed values/)).toBeTruthy();
    expect(within(team).getByText("Allowed: Platform, Payments")).toBeTruthy();
    expect((await within(team).findByRole("alert")).textContent).toContain("Jira requires “Team”");
    const save = screen.getByRole("button", { name: "Save rule" }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    // Priority starts from the severity map and shows the site's priorities.
    const priority = within(wizard).getByRole("listitem", { name: "Priority" });
    expect((within(priority).getByRole("combobox", { name: "Priority for critical" }) as HTMLSelectElement).value).toBe("1");
    expect(within(priority).getAllByRole("option", { name: "Medium" }).length).toBeGreaterThan(0);

    await userEvent.selectOptions(within(team).getByRole("combobox", { name: "Team source" }), "fixed");
    await userEvent.selectOptions(within(team).getByRole("combobox", { name: "Team value" }), "101");
    await within(wizard).findByRole("listitem", { name: "Team" });
    expect(within(team).queryByRole("alert")).toBeNull();
    expect(save.disabled).toBe(false);
    await userEvent.click(save);
    const sent = calls.find((c) => c.cmd === "save_routing_rule")?.args.rule as RuleInput;
    expect(sent.mapping.fields?.customfield_10050).toEqual({ source: "fixed", value: { kind: "one", value: { id: "101", name: "Payments" } } });
    expect(sent.projectKey).toBe("APPSEC");
    expect(sent.enabled).toBe(true);
    expect(await screen.findByText(/Saved “Checkout to APPSEC”/)).toBeTruthy();
  });

  it("previews the exact JSON, sends a test ticket, opens it through the backend and deletes it", async () => {
    const calls = backend(
      handlers({
        check_mapping: () => [],
        preview_payload: () => ({
          json: '{\n  "fields": {\n    "summary": "CVE-2024-38816 in spring-webmvc"\n  }\n}',
          problems: [],
          error: null,
          attachments: [],
          findingTitle: "CVE-2024-38816 in spring-webmvc",
          sample: true,
        }),
        send_test_ticket: () => ({ created: { issueId: "10100", key: "APPSEC-7", url: "http://127.0.0.1:9999/browse/APPSEC-7" }, message: null, fieldErrors: [], problems: [] }),
        open_in_browser: () => null,
        delete_test_ticket: () => null,
      }),
    );
    render(<RoutingPage />);
    await openWizard();
    await userEvent.click(screen.getByRole("button", { name: "Show payload" }));
    const json = await screen.findByLabelText("Payload JSON");
    expect(json.textContent).toContain('"summary": "CVE-2024-38816 in spring-webmvc"');
    expect(screen.getByText(/the built-in sample finding/)).toBeTruthy();

    await userEvent.click(screen.getByRole("button", { name: "Send test ticket" }));
    expect(await screen.findByText("Created APPSEC-7.")).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "Open APPSEC-7 in the browser" }));
    expect(calls.find((c) => c.cmd === "open_in_browser")?.args).toEqual({ url: "http://127.0.0.1:9999/browse/APPSEC-7" });
    await userEvent.click(screen.getByRole("button", { name: "Delete APPSEC-7" }));
    expect(await screen.findByText("Deleted APPSEC-7 from Jira.")).toBeTruthy();
    expect(calls.find((c) => c.cmd === "delete_test_ticket")?.args).toEqual({ connectionId: "c1", key: "APPSEC-7" });
  });

  it("shows Jira's refusal next to the field it concerns", async () => {
    backend(
      handlers({
        check_mapping: () => [],
        send_test_ticket: () => ({
          created: null,
          message: "Jira refused the ticket; see the fields marked below.",
          fieldErrors: [{ fieldId: "priority", fieldName: "Priority", message: "“Priority” is not on this issue type's create screen, so Jira will not accept a value for it." }],
          problems: [],
        }),
      }),
    );
    render(<RoutingPage />);
    const wizard = await openWizard();
    await userEvent.click(screen.getByRole("button", { name: "Send test ticket" }));
    const priority = within(wizard).getByRole("listitem", { name: "Priority" });
    expect((await within(priority).findByRole("alert")).textContent).toContain("is not on this issue type's create screen");
    expect(screen.getByText("Jira refused the ticket; see the fields marked below.")).toBeTruthy();
  });
});
