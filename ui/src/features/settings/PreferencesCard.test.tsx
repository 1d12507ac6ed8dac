import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockIPC } from "@tauri-apps/api/mocks";
import { expect, it } from "vitest";
import { PreferencesCard } from "./PreferencesCard";

it("changes the sync schedule and backs up the database", async () => {
  let prefs = { syncIntervalMinutes: 5, logLevel: "info" };
  const calls: { cmd: string; args: unknown }[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args });
    if (cmd === "get_preferences") return prefs;
    if (cmd === "set_sync_interval") {
      prefs = { ...prefs, syncIntervalMinutes: (args as { minutes: number }).minutes };
      return prefs;
    }
    if (cmd === "backup_database") return "/data/backups/vulnbridge-20261123-101500.sqlite3";
    if (cmd === "set_log_level") throw { code: "invalid_log_level", message: "Choose one of: error, warn, info, debug, trace." };
    return null;
  });
  render(<PreferencesCard />);
  const interval = await screen.findByRole("textbox", { name: "Sync interval in minutes" });
  expect(interval).toHaveValue("5");
  await userEvent.clear(interval);
  await userEvent.type(interval, "15");
  await userEvent.tab();
  expect(await screen.findByText("Background sync now runs every 15 minutes.")).toBeInTheDocument();
  expect(calls.find((c) => c.cmd === "set_sync_interval")?.args).toEqual({ minutes: 15 });

  await userEvent.click(screen.getByRole("button", { name: "Back up the database" }));
  expect(await screen.findByText(/Backed up to \/data\/backups\/vulnbridge-20261123-101500.sqlite3/)).toBeInTheDocument();
});
