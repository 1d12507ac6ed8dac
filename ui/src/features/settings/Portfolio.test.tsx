import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockIPC } from "@tauri-apps/api/mocks";
import { expect, it } from "vitest";
import type { Portfolio as PortfolioData } from "../../ipc";
import { Portfolio } from "./Portfolio";

it("groups applications, and only empty applications can be deleted", async () => {
  let state: PortfolioData = {
    applications: [
      { id: 1, name: "payments-api", group_id: null, group_name: null, findings_total: 12, findings_active: 9, last_import_at: "2026-11-20T10:00:00Z" },
      { id: 2, name: "old-service", group_id: null, group_name: null, findings_total: 0, findings_active: 0, last_import_at: null },
    ],
    groups: [],
  };
  const calls: { cmd: string; args: unknown }[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args });
    const a = args as Record<string, unknown>;
    if (cmd === "create_group") state = { ...state, groups: [{ id: 5, name: String(a.name), application_count: 0 }] };
    if (cmd === "set_application_group")
      state = {
        ...state,
        applications: state.applications.map((x) => (x.id === a.application ? { ...x, group_id: a.group as number, group_name: "Shop" } : x)),
        groups: state.groups.map((g) => ({ ...g, application_count: 1 })),
      };
    if (cmd === "delete_application") state = { ...state, applications: state.applications.filter((x) => x.id !== a.application) };
    return state;
  });
  render(<Portfolio />);
  const table = await screen.findByRole("table");
  expect(within(table).getByText("payments-api")).toBeInTheDocument();

  await userEvent.type(screen.getByRole("textbox", { name: "New group name" }), "Shop");
  await userEvent.click(screen.getByRole("button", { name: "Create group" }));
  await userEvent.selectOptions(await screen.findByRole("combobox", { name: "Group of payments-api" }), "Shop");
  expect(calls.find((c) => c.cmd === "set_application_group")?.args).toEqual({ application: 1, group: 5 });
  expect(await screen.findByText("(1)")).toBeInTheDocument();

  const rows = within(table).getAllByRole("row");
  const paymentsDelete = within(rows[1]!).getByRole("button", { name: "Delete" });
  expect(paymentsDelete).toBeDisabled();
  await userEvent.click(within(rows[2]!).getByRole("button", { name: "Delete" }));
  expect(await screen.findByRole("table")).not.toHaveTextContent("old-service");
});
