import { render, screen, within } from "@testing-library/react";
import { mockIPC } from "@tauri-apps/api/mocks";
import { expect, it } from "vitest";
import { ActivityPage } from "./ActivityPage";

it("lists what waits for Jira with the reason, and the recent events", async () => {
  mockIPC(
    (cmd) => {
      if (cmd === "list_activity")
        return [
          { at: "2026-11-23T10:05:00Z", kind: "ticket_linked", origin: "local", finding_id: 1, finding_title: "SQL injection", application: "shop", message: "Ticket SEC-12 created" },
          { at: "2026-11-23T10:00:00Z", kind: "created", origin: "import", finding_id: 1, finding_title: "SQL injection", application: "shop", message: "First seen in scan semgrep.json" },
        ];
      if (cmd === "list_pending_operations")
        return [
          { id: "7", kind: "create", state: "parked", finding_id: 2, finding_title: "Weak TLS", connection_id: "c1", attempts: 1, next_attempt_at: "2026-11-23T10:06:00Z", last_error_code: "rejected", last_error_message: "customfield_10030: Team is required." },
        ];
      return null;
    },
    { shouldMockEvents: true },
  );
  render(<ActivityPage />);
  const waiting = await screen.findByRole("region", { name: "Waiting for Jira" });
  expect(within(waiting).getByText("Needs you")).toBeInTheDocument();
  expect(within(waiting).getByText("customfield_10030: Team is required.")).toBeInTheDocument();
  const feed = screen.getByRole("region", { name: "Recent activity" });
  const items = within(feed).getAllByRole("listitem");
  expect(items[0]).toHaveTextContent("Ticket SEC-12 created");
  expect(items[1]).toHaveTextContent("First seen in scan semgrep.json");
});
