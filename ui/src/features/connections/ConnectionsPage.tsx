import { useCallback, useEffect, useRef, useState } from "react";
import { EmptyState } from "../../app/EmptyState";
import { PageHeader } from "../../app/PageHeader";
import { useAsync } from "../../app/useAsync";
import { call, commands, messageOf, type ConnectionView, type Removal } from "../../ipc";
import { ConnectionCard } from "./ConnectionCard";
import { ConnectionWizard } from "./ConnectionWizard";
import "./connections.css";

export type ConnectionsStart = "wizard" | "sandbox";

const loadConnections = () => call(commands.listConnections());

/** `start` (from the welcome screen) opens the wizard or connects the sandbox once. */
export function ConnectionsPage({ start, onStarted }: { start?: ConnectionsStart; onStarted?: () => void }) {
  const list = useAsync(loadConnections);
  const [wizard, setWizard] = useState(start === "wizard");
  const [editing, setEditing] = useState<ConnectionView>();
  const [sandboxBusy, setSandboxBusy] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<string>();
  const autoStarted = useRef(false);

  const replace = useCallback(
    (view: ConnectionView) => {
      const others = (list.data ?? []).filter((c) => c.id !== view.id);
      list.set([...others, view]);
    },
    [list],
  );

  const connectSandbox = useCallback(async () => {
    setSandboxBusy(true);
    setError(undefined);
    try {
      const view = await call(commands.connectSandbox());
      // Show it at once; the reload brings every other connection's latest health.
      replace(view);
      list.reload();
      setNotice(`Connected to the local sandbox as ${view.account ?? "the demo analyst"}.`);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setSandboxBusy(false);
    }
  }, [list, replace]);

  useEffect(() => {
    if (!start || autoStarted.current) return;
    autoStarted.current = true;
    onStarted?.();
    // Started from a callback, not the effect body, so the busy state renders once.
    if (start === "sandbox") void Promise.resolve().then(connectSandbox);
  }, [start, onStarted, connectSandbox]);

  function removed(r: Removal, id: string) {
    list.set((list.data ?? []).filter((c) => c.id !== id));
    setNotice(`Removed ${r.name}. ${r.revokeHint ?? ""}`.trim());
  }

  const connections = list.data ?? [];
  const hasSandbox = connections.some((c) => c.sandbox);
  return (
    <div className="page">
      <PageHeader
        title="Connections"
        subtitle="The Jira sites and servers Vulnbridge talks to."
        actions={
          !wizard && (
            <div className="row">
              {!hasSandbox && (
                <button className="btn" disabled={sandboxBusy} onClick={() => void connectSandbox()}>
                  {sandboxBusy ? "Starting the sandbox…" : "Use the local sandbox"}
                </button>
              )}
              <button className="btn btn-primary" onClick={() => setWizard(true)}>
                Add connection
              </button>
            </div>
          )
        }
      />
      <div className="conn-list">
        {sandboxBusy && (
          <div className="explain" role="status">
            Starting the local Jira sandbox and connecting to it…
          </div>
        )}
        {notice && (
          <div className="banner-ok" role="status">
            {notice}
          </div>
        )}
        {(error || list.error) && (
          <div className="banner-error" role="alert">
            {error ?? list.error}
          </div>
        )}
        {wizard && (
          <ConnectionWizard
            onCancel={() => setWizard(false)}
            onSaved={(view) => {
              setWizard(false);
              replace(view);
              setNotice(`Connected to ${view.name} as ${view.account ?? "you"}.`);
            }}
          />
        )}
        {connections.map((c) =>
          editing?.id === c.id ? (
            <ConnectionWizard
              key={c.id}
              editing={c}
              onCancel={() => setEditing(undefined)}
              onSaved={(view) => {
                setEditing(undefined);
                replace(view);
                setNotice(`Saved ${view.name}.`);
              }}
            />
          ) : (
            <ConnectionCard
              key={c.id}
              connection={c}
              onEdit={() => setEditing(c)}
              onChange={replace}
              onRemoved={(r) => removed(r, c.id)}
              onError={setError}
            />
          ),
        )}
        {!list.loading && connections.length === 0 && !wizard && !sandboxBusy && (
          <EmptyState icon="connections" title="No Jira connection yet">
            <p>Jira Cloud and Data Center are supported side by side. Credentials are kept in your system keyring.</p>
            <p>No Jira at hand? The local sandbox is a Jira emulator with demo projects.</p>
          </EmptyState>
        )}
      </div>
    </div>
  );
}
