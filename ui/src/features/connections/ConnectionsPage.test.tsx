import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fakeBackend } from "../../test-backend";
import { emit } from "@tauri-apps/api/event";
import { describe, expect, it } from "vitest";
import type { ConnectionView, TestReport } from "../../ipc";
import { ConnectionsPage } from "./ConnectionsPage";

const report: TestReport = {
  displayName: "Ada Analyst",
  accountId: "5b10a2844c20165700ede21g",
  username: null,
  visibleProjects: 3,
  serverVersion: "1001.0.0",
  deploymentType: "Cloud",
  warnings: [],
};

function view(over: Partial<ConnectionView> = {}): ConnectionView {
  return {
    id: "c1",
    name: "Acme",
    kindLabel: "Cloud",
    cloud: true,
    siteUrl: "https://acme.atlassian.net/",
    auth: { method: "cloudApiToken", email: "ada@acme.test" },
    authLabel: "API token",
    account: "Ada Analyst",
    warning: null,
    sandbox: false,
    health: {
      state: "healthy",
      lastCheckedAt: "2026-11-23T10:00:00Z",
      lastSuccessAt: "2026-11-23T10:00:00Z",
      lastErrorCode: null,
      lastErrorMessage: null,
    },
    ...over,
  };
}

const backend = fakeBackend;

async function fill(label: string | RegExp, value: string) {
  const input = screen.getByLabelText(label);
  await userEvent.clear(input);
  await userEvent.type(input, value);
}

describe("connection wizard", () => {
  it("tests and saves a Cloud API token connection; the token goes to the backend once and is never shown", async () => {
    const calls = backend({
      list_connections: () => [],
      test_connection_draft: () => report,
      save_connection: () => view(),
    });
    render(<ConnectionsPage start="wizard" />);
    await userEvent.click(await screen.findByRole("button", { name: /Jira Cloud/ }));
    await userEvent.click(screen.getByRole("button", { name: /API token/ }));
    await fill("Name", "Acme");
    await fill("Site address", "acme.atlassian.net");
    await fill("Atlassian account email", "ada@acme.test");
    await fill("API token", "tok-SECRET-123");

    await userEvent.click(screen.getByRole("button", { name: "Test connection" }));
    expect(await screen.findByText(/Connected as Ada Analyst\./)).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("3 projects visible");

    await userEvent.click(screen.getByRole("button", { name: "Save connection" }));
    const card = await screen.findByRole("article", { name: "Acme" });
    expect(within(card).getByTestId("connection-health")).toHaveTextContent("Working");
    const save = calls.find((c) => c.cmd === "save_connection");
    expect(save?.args).toEqual({
      draft: {
        id: null,
        name: "Acme",
        siteUrl: "acme.atlassian.net",
        auth: { method: "cloudApiToken", email: "ada@acme.test" },
      },
      secret: "tok-SECRET-123",
    });
    expect(document.body.textContent).not.toContain("tok-SECRET-123");
  });

  it("shows Jira's error in words when the test fails", async () => {
    backend({
      list_connections: () => [],
      test_connection_draft: () => {
        throw { code: "bad_credentials", message: "Jira rejected the credentials (check the token)." };
      },
    });
    render(<ConnectionsPage start="wizard" />);
    await userEvent.click(await screen.findByRole("button", { name: /Jira Data Center/ }));
    await userEvent.click(screen.getByRole("button", { name: /Personal access token/ }));
    await fill("Name", "Corp");
    await fill("Site address", "https://jira.corp.test");
    await fill("Personal access token", "nope");
    await userEvent.click(screen.getByRole("button", { name: "Test connection" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Jira rejected the credentials");
  });

  it("warns about basic authentication", async () => {
    backend({ list_connections: () => [] });
    render(<ConnectionsPage start="wizard" />);
    await userEvent.click(await screen.findByRole("button", { name: /Jira Data Center/ }));
    await userEvent.click(screen.getByRole("button", { name: /User name and password/ }));
    expect(screen.getByRole("note")).toHaveTextContent("Prefer a personal access token");
  });

  it("signs in with OAuth through the browser and lets the user pick the site", async () => {
    const calls = backend({
      list_connections: () => [],
      save_connection: () => view({ id: "o1", auth: { method: "cloudOauth", clientId: "cid", callbackPort: 9876 } }),
      sign_in: async () => {
        await emit("sign-in-waiting", { connectionId: "o1", authorizeUrl: "https://auth.example/authorize?x=1" });
        return {
          connection: view({ id: "o1" }),
          siteChoices: [
            { cloudId: "a1", name: "acme", url: "https://acme.atlassian.net" },
            { cloudId: "b2", name: "acme-eu", url: "https://acme-eu.atlassian.net" },
          ],
        };
      },
      choose_site: () => view({ id: "o1", name: "Acme OAuth" }),
    });
    render(<ConnectionsPage start="wizard" />);
    await userEvent.click(await screen.findByRole("button", { name: /Jira Cloud/ }));
    await userEvent.click(screen.getByRole("button", { name: /OAuth 2.0 \(3LO\)/ }));
    expect(screen.getByLabelText("How to register your OAuth app")).toHaveTextContent("http://localhost:9876/callback");
    await fill("Name", "Acme OAuth");
    await fill("Site address", "https://acme.atlassian.net");
    await fill("Client ID", "cid");
    await fill("Client secret", "cs-SECRET");
    await act(() => userEvent.click(screen.getByRole("button", { name: "Save and sign in" })));

    const sites = await screen.findByRole("group", { name: "Choose your Jira site" });
    await userEvent.click(within(sites).getByRole("button", { name: /acme-eu/ }));
    expect(await screen.findByRole("article", { name: "Acme OAuth" })).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === "choose_site")?.args).toEqual({
      id: "o1",
      site: { cloudId: "b2", name: "acme-eu", url: "https://acme-eu.atlassian.net" },
    });
    expect(calls.find((c) => c.cmd === "save_connection")?.args.draft).toMatchObject({
      auth: { method: "cloudOauth", clientId: "cid", callbackPort: 9876 },
    });
  });
});

describe("connections list", () => {
  it("offers a one-click sign-in when an OAuth grant was revoked", async () => {
    const revoked = view({
      auth: { method: "cloudOauth", clientId: "cid", callbackPort: 9876 },
      authLabel: "OAuth 2.0 (3LO)",
      health: {
        state: "needsReauth",
        lastCheckedAt: "2026-11-23T10:00:00Z",
        lastSuccessAt: "2026-11-22T10:00:00Z",
        lastErrorCode: "needs_reauthorization",
        lastErrorMessage: "This connection needs to be authorized again (the grant was revoked).",
      },
    });
    const calls = backend({
      list_connections: () => [revoked],
      sign_in: () => ({ connection: view({ auth: revoked.auth, authLabel: "OAuth 2.0 (3LO)" }), siteChoices: [] }),
    });
    render(<ConnectionsPage />);
    const card = await screen.findByRole("article", { name: "Acme" });
    expect(within(card).getByTestId("connection-health")).toHaveTextContent("authorized again");
    await userEvent.click(within(card).getByRole("button", { name: "Sign in again" }));
    expect(await within(card).findByText(/Working/)).toBeInTheDocument();
    expect(calls.filter((c) => c.cmd === "sign_in")).toHaveLength(1);
  });

  it("re-tests and removes a connection, then says how to revoke the token", async () => {
    const failing = view({
      health: {
        state: "failing",
        lastCheckedAt: "2026-11-23T10:00:00Z",
        lastSuccessAt: null,
        lastErrorCode: "site_unreachable",
        lastErrorMessage: "Cannot reach acme.atlassian.net (connection refused).",
      },
    });
    backend({
      list_connections: () => [failing],
      retest_connection: () => view(),
      remove_connection: () => ({ name: "Acme", revokeHint: "Revoke it at id.atlassian.com → Security → API tokens." }),
    });
    render(<ConnectionsPage />);
    const card = await screen.findByRole("article", { name: "Acme" });
    expect(within(card).getByTestId("connection-health")).toHaveTextContent("Cannot reach acme.atlassian.net");
    await userEvent.click(within(card).getByRole("button", { name: "Re-test" }));
    expect(await within(card).findByText(/Working/)).toBeInTheDocument();

    await userEvent.click(within(card).getByRole("button", { name: "Remove" }));
    const confirm = screen.getByRole("alertdialog", { name: "Confirm removal" });
    await userEvent.click(within(confirm).getByRole("button", { name: "Remove" }));
    expect(await screen.findByText(/Removed Acme\. Revoke it at id\.atlassian\.com/)).toBeInTheDocument();
    expect(screen.queryByRole("article", { name: "Acme" })).not.toBeInTheDocument();
  });

  it("edits a connection without retyping its token", async () => {
    const calls = backend({
      list_connections: () => [view()],
      test_connection_draft: () => report,
      save_connection: (a) => view({ name: (a.draft as { name: string }).name }),
    });
    render(<ConnectionsPage />);
    const card = await screen.findByRole("article", { name: "Acme" });
    await userEvent.click(within(card).getByRole("button", { name: "Edit" }));
    const form = screen.getByRole("region", { name: "Edit Acme" });
    expect(within(form).getByLabelText("Atlassian account email")).toHaveValue("ada@acme.test");
    await userEvent.clear(within(form).getByLabelText("Name"));
    await userEvent.type(within(form).getByLabelText("Name"), "Acme EU");
    await userEvent.click(within(form).getByRole("button", { name: "Save connection" }));
    expect(await screen.findByRole("article", { name: "Acme EU" })).toBeInTheDocument();
    const save = calls.find((c) => c.cmd === "save_connection");
    expect(save?.args).toMatchObject({ draft: { id: "c1", name: "Acme EU" }, secret: "" });
  });

  it("connects the local sandbox when started from the welcome screen", async () => {
    let listed: ConnectionView[] = [];
    const sandbox = view({ id: "s1", name: "Local sandbox", sandbox: true, siteUrl: "http://127.0.0.1:47821/" });
    backend({
      list_connections: () => listed,
      connect_sandbox: () => {
        listed = [sandbox];
        return sandbox;
      },
    });
    render(<ConnectionsPage start="sandbox" />);
    expect(await screen.findByText(/Connected to the local sandbox as Ada Analyst/)).toBeInTheDocument();
    const card = await screen.findByRole("article", { name: "Local sandbox" });
    expect(within(card).getByText("Demo")).toBeInTheDocument();
  });
});
