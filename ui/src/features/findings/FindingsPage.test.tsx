import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockIPC } from "@tauri-apps/api/mocks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FindingQuery, FindingRow } from "../../ipc";
import { FindingsPage } from "./FindingsPage";

function row(id: number, over: Partial<FindingRow> = {}): FindingRow {
  return {
    id,
    application_id: 1,
    application: "payments-api",
    kind: "vulnerability",
    severity: "high",
    score: 7.5,
    title: `Finding ${id}`,
    tool: "Trivy",
    rule_id: null,
    location: `pkg:npm/lodash@4.17.${id}`,
    status: "open",
    first_seen: "2026-11-01T10:00:00.000Z",
    last_seen: "2026-11-20T10:00:00.000Z",
    cves: [`CVE-2026-${1000 + id}`],
    ...over,
  } as FindingRow;
}

const HOSTILE = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>\u202Egnp.exe`;

function backend(rows: FindingRow[]) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC(
    (cmd, args) => {
      const a = (args ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args: a });
      switch (cmd) {
        case "get_portfolio":
          return {
            applications: [
              { id: 2, name: "blog", group_id: null, group_name: null, findings_total: 0, findings_active: 0, last_import_at: null },
              { id: 1, name: "payments-api", group_id: 7, group_name: "Shop", findings_total: rows.length, findings_active: rows.length, last_import_at: null },
            ],
            groups: [{ id: 7, name: "Shop", application_count: 1 }],
          };
        case "finding_summary":
          return {
            total: rows.length,
            by_severity: { critical: 0, high: rows.length, medium: 0, low: 0, info: 0, unknown: 0 },
            by_status: { open: rows.length, reopened: 0, resolved: 0, false_positive: 0, accepted_risk: 0, suppressed: 0 },
          };
        case "query_findings": {
          const q = a.query as FindingQuery;
          const matching = q.text ? rows.filter((r) => r.title.includes(q.text ?? "")) : rows;
          const offset = q.offset ?? 0;
          return { rows: matching.slice(offset, offset + (q.limit ?? 200)), total: matching.length };
        }
        case "finding_detail": {
          const r = rows.find((x) => x.id === a.id) ?? rows[0]!;
          return {
            row: r,
            finding: {
              raw_severity: "HIGH",
              description: `Details of ${r.title}`,
              remediation: "Upgrade lodash to 4.17.21",
              references: ["https://nvd.nist.gov/vuln/detail/CVE-2021-23337"],
              evidence: "lodash@4.17.20 in package-lock.json",
              request_url: null,
              source_ips: [],
            },
            fingerprint: "ab".repeat(32),
            dedup_label: "vb-abababababababab",
            status_reason: null,
            status_changed_at: r.first_seen,
            scan_target: null,
            first_import_id: 1,
            last_import_id: 1,
            timeline: [{ id: 1, finding_id: r.id, at: "2026-11-01T10:00:00.000Z", kind: "created", origin: "import", detail: { message: "First seen in scan trivy.json", from_status: null, to_status: "open", reason: null, import_id: 1, file_name: "trivy.json" } }],
          };
        }
        case "finding_ticket":
          return a.id === 137
            ? { finding_id: 137, connection_id: "c1", issue_id: "10042", issue_key: "SEC-42", url: "https://acme.atlassian.net/browse/SEC-42", status: "In Progress", status_category: "indeterminate", created_at: "2026-11-20T10:00:00.000Z", last_synced_at: "2026-11-23T09:00:00.000Z" }
            : null;
        case "open_in_browser":
          return null;
        case "set_findings_status":
          return (a.ids as number[]).length;
        case "suggest_application":
          return a.path === "/scans/trivy.json" ? "payments-api" : null;
        case "pick_scan_files":
          return ["/scans/trivy.json", "/scans/broken.json"];
        case "import_scan_files":
          return [
            { path: "/scans/trivy.json", file_name: "trivy.json", warnings: [], error: null, summary: { id: 2, application_id: 1, file_name: "trivy.json", format: "Trivy JSON", tool: "Trivy", target: null, started_at: "", finished_at: null, error: null, counts: { total: 6, new: 4, unchanged: 1, reopened: 0, resolved: 2, suppressed: 1 } } },
            { path: "/scans/broken.json", file_name: "broken.json", warnings: [], summary: null, error: { code: "invalid_scan", message: "broken.json: looks like Trivy JSON, but it ends early (line 3, column 9)" } },
          ];
        default:
          throw { code: "unknown_command", message: `no mock for ${cmd}` };
      }
    },
    { shouldMockEvents: true },
  );
  return calls;
}

// jsdom lays nothing out; give elements the size of a typical window so the virtualized
// table renders the rows a user would see.
const saved = {
  h: Object.getOwnPropertyDescriptor(HTMLElement.prototype, "clientHeight"),
  w: Object.getOwnPropertyDescriptor(HTMLElement.prototype, "clientWidth"),
};
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 600 });
  Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => 1000 });
});
afterAll(() => {
  if (saved.h) Object.defineProperty(HTMLElement.prototype, "clientHeight", saved.h);
  if (saved.w) Object.defineProperty(HTMLElement.prototype, "clientWidth", saved.w);
});

describe("findings dashboard", () => {
  it("invites an import when there is nothing yet", async () => {
    backend([]);
    render(<FindingsPage />);
    expect(await screen.findByText("No findings yet")).toBeInTheDocument();
  });

  it("lists findings, searches, and shows a finding's details and history", async () => {
    const rows = Array.from({ length: 450 }, (_, i) => row(i + 1));
    const calls = backend(rows);
    render(<FindingsPage />);
    expect(await screen.findByText("450 findings")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: /High/ })).toHaveTextContent("450");
    // Only the visible rows are in the DOM.
    const rendered = await screen.findAllByTestId("finding-row");
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.length).toBeLessThan(60);

    await userEvent.type(screen.getByRole("searchbox", { name: "Search findings" }), "Finding 137");
    expect(await screen.findByText("1 finding")).toBeInTheDocument();
    const searched = calls.filter((c) => c.cmd === "query_findings").map((c) => (c.args.query as FindingQuery).text);
    expect(searched).toContain("Finding 137");

    await userEvent.click(screen.getByText("Finding 137"));
    const pane = await screen.findByRole("complementary", { name: "Finding details" });
    expect(await within(pane).findByText("Details of Finding 137")).toBeInTheDocument();
    expect(within(pane).getByText("Upgrade lodash to 4.17.21")).toBeInTheDocument();
    expect(within(pane).getByText("First seen in scan trivy.json")).toBeInTheDocument();
    expect(within(pane).getByText(/tool says “HIGH”/)).toBeInTheDocument();
    expect(within(pane).getByText("lodash@4.17.20 in package-lock.json")).toBeInTheDocument();
    const ticket = await within(pane).findByRole("region", { name: "Jira ticket" });
    expect(ticket).toHaveTextContent("SEC-42");
    expect(ticket).toHaveTextContent("In Progress");
    await userEvent.click(within(ticket).getByRole("button", { name: "Open in Jira" }));
    expect(calls.find((c) => c.cmd === "open_in_browser")?.args).toEqual({ url: "https://acme.atlassian.net/browse/SEC-42" });
  });

  it("renders hostile finding text as inert text", async () => {
    backend([row(1, { title: HOSTILE, location: `${HOSTILE}:12` })]);
    render(<FindingsPage />);
    await userEvent.click(await screen.findByText(HOSTILE, { selector: "span.cell" }));
    expect(await screen.findByRole("heading", { name: HOSTILE })).toBeInTheDocument();
    expect(document.querySelector("img[src=x]")).toBeNull();
    expect(document.querySelector("script")).toBeNull();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it("filters by group", async () => {
    const calls = backend([row(1)]);
    render(<FindingsPage />);
    await userEvent.selectOptions(await screen.findByRole("combobox", { name: "Group" }), "Shop");
    await screen.findByText("1 finding");
    const last = calls.filter((c) => c.cmd === "query_findings").at(-1);
    expect((last?.args.query as FindingQuery).group_ids).toEqual([7]);
  });

  it("applies a bulk status to the selected findings", async () => {
    const calls = backend([row(1), row(2), row(3)]);
    render(<FindingsPage />);
    await userEvent.click(await screen.findByRole("checkbox", { name: "Select Finding 1" }));
    await userEvent.click(screen.getByRole("checkbox", { name: "Select Finding 3" }));
    const bar = screen.getByRole("toolbar", { name: "Bulk actions" });
    expect(bar).toHaveTextContent("2 selected");
    await userEvent.click(within(bar).getByRole("button", { name: "False positive" }));
    const call = calls.find((c) => c.cmd === "set_findings_status");
    expect(call?.args).toMatchObject({ ids: [1, 3], status: "false_positive" });
    expect(screen.queryByRole("toolbar", { name: "Bulk actions" })).not.toBeInTheDocument();
  });

  it("imports chosen files and reports counts and failures per file", async () => {
    const calls = backend([row(1)]);
    render(<FindingsPage />);
    await userEvent.click(await screen.findByRole("button", { name: "Import scan…" }));
    const dialog = screen.getByRole("dialog", { name: "Import scan results" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Choose files…" }));
    expect(await within(dialog).findByText("broken.json")).toBeInTheDocument();
    // The folder's scans went to payments-api before: it is suggested over the first app.
    expect(await within(dialog).findByDisplayValue("payments-api")).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole("button", { name: "Import 2 files" }));
    const results = await within(dialog).findByRole("list", { name: "Import results" });
    expect(results).toHaveTextContent("trivy.json: Trivy JSON: 6 findings (4 new, 1 unchanged, 0 reopened, 2 resolved, 1 suppressed)");
    expect(results).toHaveTextContent("looks like Trivy JSON, but it ends early");
    expect(calls.find((c) => c.cmd === "import_scan_files")?.args).toMatchObject({
      application: "payments-api",
      paths: ["/scans/trivy.json", "/scans/broken.json"],
    });
  });
});
