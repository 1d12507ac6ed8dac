import { useState } from "react";
import { call, commands, messageOf, type ConnectionView, type RuleView } from "../../ipc";

function since(at: string | null): string {
  return at ? new Date(at).toLocaleString() : "";
}

type Props = {
  rules: RuleView[];
  connections: ConnectionView[];
  onEdit: (r: RuleView) => void;
  onChanged: (r: RuleView) => void;
  onDeleted: (id: number) => void;
  onNotice: (text: string) => void;
};

/** The rules: scope → Jira, triggers, enabled-since, and the actions on each. */
export function RulesTable({ rules, connections, onEdit, onChanged, onDeleted, onNotice }: Props) {
  const [busy, setBusy] = useState<number>();
  const [confirm, setConfirm] = useState<{ id: number; what: "delete" } | { id: number; what: "backfill"; count: number }>();
  const [error, setError] = useState<string>();

  async function run<T>(id: number, work: () => Promise<T>): Promise<T | undefined> {
    setBusy(id);
    setError(undefined);
    try {
      return await work();
    } catch (err) {
      setError(messageOf(err));
      return undefined;
    } finally {
      setBusy(undefined);
    }
  }

  const connectionName = (id: string) => connections.find((c) => c.id === id)?.name ?? "a removed connection";
  return (
    <>
      {error && (
        <div className="banner-error" role="alert">
          {error}
        </div>
      )}
      <table className="rules">
        <thead>
          <tr>
            <th>Rule</th>
            <th>Findings of</th>
            <th>Goes to</th>
            <th>Triggers</th>
            <th>Enabled</th>
            <th aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {rules.map((r) => (
            <tr key={r.id} aria-label={`Rule ${r.name}`}>
              <td>
                <strong>{r.name}</strong>
                {r.assignee && <div className="muted small">Assignee: {r.assignee.displayName}</div>}
              </td>
              <td>
                <span className="badge">{r.scope.kind === "group" ? "Group" : "App"}</span> {r.scopeName}
              </td>
              <td>
                <div>
                  <span className="mono">{r.projectKey ?? r.projectId}</span> · {r.issueTypeName ?? r.issueTypeId}
                </div>
                <div className="muted small">{connectionName(r.connectionId)}</div>
              </td>
              <td>
                {r.triggerKinds.map((k) => (k === "vulnerability" ? "Vulnerabilities" : "Incidents")).join(", ")}
                <div className="muted small">{r.minSeverity ? `${r.minSeverity} and above` : "every severity"}</div>
              </td>
              <td>
                <label className="switch">
                  <input
                    type="checkbox"
                    aria-label={`Enable ${r.name}`}
                    checked={r.enabledSince != null}
                    disabled={busy === r.id}
                    onChange={(e) =>
                      void run(r.id, () => call(commands.setRoutingRuleEnabled(r.id, e.target.checked))).then((v) => v && onChanged(v))
                    }
                  />
                  <span>{r.enabledSince ? "On" : "Off"}</span>
                </label>
                {r.enabledSince && <div className="muted small">since {since(r.enabledSince)}</div>}
              </td>
              <td className="rule-actions">
                {confirm?.id === r.id ? (
                  confirm.what === "delete" ? (
                    <span className="row">
                      <span className="small">Delete this rule?</span>
                      <button
                        className="btn btn-small danger"
                        onClick={() =>
                          void run(r.id, () => call(commands.deleteRoutingRule(r.id))).then(() => {
                            setConfirm(undefined);
                            onDeleted(r.id);
                          })
                        }
                      >
                        Delete
                      </button>
                      <button className="btn btn-small" onClick={() => setConfirm(undefined)}>
                        Keep
                      </button>
                    </span>
                  ) : (
                    <span className="row">
                      <span className="small">
                        {confirm.count === 0
                          ? "No older finding waits for a ticket."
                          : `Queue ${confirm.count} older finding${confirm.count === 1 ? "" : "s"} for tickets?`}
                      </span>
                      {confirm.count > 0 && (
                        <button
                          className="btn btn-small btn-primary"
                          onClick={() =>
                            void run(r.id, () => call(commands.backfillRule(r.id))).then((rep) => {
                              setConfirm(undefined);
                              if (rep)
                                onNotice(
                                  `Queued ${rep.queued} ticket${rep.queued === 1 ? "" : "s"} for “${r.name}”${rep.parked ? ` (${rep.parked} cannot be built as mapped; see Activity)` : ""}. They are sent on the next sync.`,
                                );
                            })
                          }
                        >
                          Backfill
                        </button>
                      )}
                      <button className="btn btn-small" onClick={() => setConfirm(undefined)}>
                        {confirm.count > 0 ? "Cancel" : "OK"}
                      </button>
                    </span>
                  )
                ) : (
                  <span className="row">
                    <button className="btn btn-small" onClick={() => onEdit(r)}>
                      Edit
                    </button>
                    <button
                      className="btn btn-small"
                      disabled={!r.enabledSince || busy === r.id}
                      title={r.enabledSince ? "Ticket the findings this rule matches that predate it" : "Enable the rule first"}
                      onClick={() =>
                        void run(r.id, () => call(commands.backfillPreview(r.id))).then(
                          (count) => count !== undefined && setConfirm({ id: r.id, what: "backfill", count }),
                        )
                      }
                    >
                      Backfill…
                    </button>
                    <button className="btn btn-small" onClick={() => setConfirm({ id: r.id, what: "delete" })}>
                      Delete
                    </button>
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
