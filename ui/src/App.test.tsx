import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import { act } from "react";
import { describe, expect, it } from "vitest";
import { App } from "./App";
import type { AppInfo, SyncStatus } from "./ipc";

function info(over: Partial<AppInfo> = {}): AppInfo {
  return {
    version: "0.1.0",
    dataDir: "/tmp/vb-data",
    logDir: "/tmp/vb-data/logs",
    databaseFile: "/tmp/vb-data/vulnbridge.sqlite3",
    schemaVersion: 1,
    welcomeCompleted: false,
    ...over,
  };
}

const idle: SyncStatus = { paused: false, state: "idle", message: "Nothing to sync yet", pending: 0, lastRunAt: null };

/** A fake backend that records the commands the UI sends. */
function backend(start: AppInfo) {
  const calls: { cmd: string; args: unknown }[] = [];
  let current = start;
  let sync = idle;
  mockIPC((cmd, args) => {
    calls.push({ cmd, args });
    switch (cmd) {
      case "get_app_info":
        return current;
      case "get_sync_status":
        return sync;
      case "complete_welcome":
        current = { ...current, welcomeCompleted: true };
        return current;
      case "list_connections":
        return [];
      case "get_portfolio":
        return { applications: [], groups: [] };
      case "query_findings":
        return { rows: [], total: 0 };
      case "finding_summary":
        return {
          total: 0,
          by_severity: { critical: 0, high: 0, medium: 0, low: 0, info: 0, unknown: 0 },
          by_status: { open: 0, reopened: 0, resolved: 0, false_positive: 0, accepted_risk: 0, suppressed: 0 },
        };
      case "set_sync_paused":
        sync = { ...sync, paused: (args as { paused: boolean }).paused };
        return sync;
      default:
        throw { code: "unknown_command", message: `no mock for ${cmd}` };
    }
  }, { shouldMockEvents: true });
  return calls;
}

describe("first run", () => {
  it("offers both ways to start and records the choice", async () => {
    const calls = backend(info());
    render(<App />);
    expect(await screen.findByRole("heading", { name: "Welcome to Vulnbridge" })).toBeInTheDocument();
    expect(screen.queryByRole("navigation")).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: /Try with the local sandbox/ }));

    const nav = await screen.findByRole("navigation", { name: "Main" });
    for (const label of ["Findings", "Connections", "Routing", "Activity", "Settings"]) {
      expect(within(nav).getByRole("button", { name: new RegExp(label) })).toBeInTheDocument();
    }
    expect(within(nav).getByRole("button", { name: /Connections/ })).toHaveAttribute("aria-current", "page");
    expect(calls.find((c) => c.cmd === "complete_welcome")?.args).toEqual({ choice: "trySandbox" });
  });

  it("shows the backend's error message when the choice cannot be saved", async () => {
    mockIPC((cmd) => {
      if (cmd === "get_app_info") return info();
      if (cmd === "get_sync_status") return idle;
      if (cmd === "complete_welcome") throw { code: "database_error", message: "disk is full" };
      return null;
    }, { shouldMockEvents: true });
    render(<App />);
    await userEvent.click(await screen.findByRole("button", { name: /Connect Jira/ }));
    expect(await screen.findByRole("alert")).toHaveTextContent("disk is full");
  });
});

describe("returning user", () => {
  it("skips the welcome and navigates with the keyboard", async () => {
    backend(info({ welcomeCompleted: true }));
    render(<App />);
    expect(await screen.findByRole("heading", { name: "Findings" })).toBeInTheDocument();
    await userEvent.keyboard("{Control>}5{/Control}");
    expect(await screen.findByRole("heading", { name: "Settings" })).toBeInTheDocument();
    expect(screen.getByTestId("data-dir")).toHaveTextContent("/tmp/vb-data");
  });

  it("pauses and resumes sync from the sidebar", async () => {
    const calls = backend(info({ welcomeCompleted: true }));
    render(<App />);
    await userEvent.click(await screen.findByRole("button", { name: "Pause" }));
    expect(await screen.findByText("Sync paused")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Sync now" })).toBeDisabled();
    await userEvent.click(screen.getByRole("button", { name: "Resume" }));
    expect(await screen.findByText("Sync idle")).toBeInTheDocument();
    expect(calls.filter((c) => c.cmd === "set_sync_paused").map((c) => c.args)).toEqual([
      { paused: true },
      { paused: false },
    ]);
  });
});

it("follows sync status pushed by the backend, e.g. Pause from the tray", async () => {
  backend(info({ welcomeCompleted: true }));
  render(<App />);
  expect(await screen.findByText("Sync idle")).toBeInTheDocument();
  await act(() => emit("sync-status", { paused: true, state: "idle", message: "paused from the tray", pending: 0, lastRunAt: null }));
  expect(await screen.findByText("Sync paused")).toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Resume" })).toBeInTheDocument();
});

it("shows what the last sync did and what waits", async () => {
  backend(info({ welcomeCompleted: true }));
  render(<App />);
  expect(await screen.findByText("Sync idle")).toBeInTheDocument();
  await act(() =>
    emit("sync-status", {
      paused: false,
      state: "idle",
      message: "3 tickets created · 2 waiting to be sent (retried automatically)",
      pending: 2,
      lastRunAt: "2026-11-23T10:05:00Z",
    }),
  );
  expect(await screen.findByText(/Synced .* · 2 waiting/)).toBeInTheDocument();
  expect(screen.getByText("3 tickets created · 2 waiting to be sent (retried automatically)")).toBeInTheDocument();
});

it("opens the page the backend asks for", async () => {
  backend(info({ welcomeCompleted: true }));
  render(<App />);
  expect(await screen.findByRole("heading", { name: "Findings" })).toBeInTheDocument();
  await act(() => emit("navigate-requested", { page: "activity" }));
  expect(await screen.findByRole("heading", { name: "Activity" })).toBeInTheDocument();
});

it("says why it cannot start when the backend fails", async () => {
  mockIPC((cmd) => {
    if (cmd === "get_app_info") throw { code: "database_too_new", message: "the database is newer than this app" };
    return idle;
  }, { shouldMockEvents: true });
  render(<App />);
  expect(await screen.findByRole("alert")).toHaveTextContent("the database is newer than this app");
});
