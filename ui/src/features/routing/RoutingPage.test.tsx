import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fakeBackend } from "../../test-backend";
import { describe, expect, it } from "vitest";
import { RoutingPage } from "./RoutingPage";
import { connection, overview, rule } from "./fixtures";

const backend = fakeBackend;

describe("routing page", () => {
  it("lists rules with scope, target, triggers and enabled-since", async () => {
    backend({
      routing_overview: () => overview([rule(), rule({ id: 2, name: "Payments group", scope: { kind: "group", id: 1 }, scopeName: "Payments", enabledSince: null, minSeverity: null, triggerKinds: ["vulnerability", "incident"] })]),
      list_connections: () => [connection],
    });
    render(<RoutingPage />);
    const first = await screen.findByRole("row", { name: "Rule Checkout to SEC" });
    expect(within(first).getByText("checkout")).toBeTruthy();
    expect(within(first).getByText("SEC")).toBeTruthy();
    expect(within(first).getByText(/high and above/)).toBeTruthy();
    expect(within(first).getByText(/since/)).toBeTruthy();
    expect((within(first).getByRole("checkbox", { name: "Enable Checkout to SEC" }) as HTMLInputElement).checked).toBe(true);
    const second = screen.getByRole("row", { name: "Rule Payments group" });
    expect(within(second).getByText("Group")).toBeTruthy();
    expect(within(second).getByText("Vulnerabilities, Incidents")).toBeTruthy();
    expect(within(second).getByText("every severity")).toBeTruthy();
    expect((within(second).getByRole("button", { name: "Backfill…" }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("enables a rule, shows the backfill count before queueing, and deletes after confirming", async () => {
    const calls = backend({
      routing_overview: () => overview([rule({ enabledSince: null })]),
      list_connections: () => [connection],
      set_routing_rule_enabled: (a) => rule({ enabledSince: a.enabled ? "2026-11-23T12:00:00.000Z" : null }),
      backfill_preview: () => 4,
      backfill_rule: () => ({ queued: 4, parked: 1 }),
      delete_routing_rule: () => true,
    });
    render(<RoutingPage />);
    const row = await screen.findByRole("row", { name: "Rule Checkout to SEC" });
    await userEvent.click(within(row).getByRole("checkbox", { name: "Enable Checkout to SEC" }));
    expect(await within(row).findByText(/since/)).toBeTruthy();
    expect(calls.find((c) => c.cmd === "set_routing_rule_enabled")?.args).toEqual({ id: 1, enabled: true });

    await userEvent.click(within(row).getByRole("button", { name: "Backfill…" }));
    expect(await within(row).findByText("Queue 4 older findings for tickets?")).toBeTruthy();
    expect(calls.some((c) => c.cmd === "backfill_rule")).toBe(false);
    await userEvent.click(within(row).getByRole("button", { name: "Backfill" }));
    expect(await screen.findByText(/Queued 4 tickets for “Checkout to SEC” \(1 cannot be built/)).toBeTruthy();

    await userEvent.click(within(row).getByRole("button", { name: "Delete" }));
    expect(calls.some((c) => c.cmd === "delete_routing_rule")).toBe(false);
    await userEvent.click(within(row).getByRole("button", { name: "Delete" }));
    expect(await screen.findByText("No routing rules yet")).toBeTruthy();
    expect(calls.find((c) => c.cmd === "delete_routing_rule")?.args).toEqual({ id: 1 });
  });

  it("asks for a Jira connection before any rule", async () => {
    backend({ routing_overview: () => overview([]), list_connections: () => [] });
    render(<RoutingPage />);
    expect(await screen.findByText("Connect Jira first")).toBeTruthy();
    expect((screen.getByRole("button", { name: "New rule" }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("shows an import error in plain words", async () => {
    backend({
      routing_overview: () => overview([rule()]),
      list_connections: () => [connection],
      pick_routing_import_file: () => "/tmp/routing.json",
      import_routing_config: () => {
        throw { code: "invalid_routing_file", message: "Rule 1 (“X”): no connection is named “Prod Jira” or points at https://jira.example.com/." };
      },
    });
    render(<RoutingPage />);
    await screen.findByRole("row", { name: "Rule Checkout to SEC" });
    await userEvent.click(screen.getByRole("button", { name: "Import…" }));
    expect((await screen.findByRole("alert")).textContent).toContain("no connection is named “Prod Jira”");
  });
});
