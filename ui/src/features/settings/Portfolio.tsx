import { useState, type FormEvent } from "react";
import { useAsync } from "../../app/useAsync";
import { call, commands, messageOf, type Portfolio as PortfolioData } from "../../ipc";

const load = () => call(commands.getPortfolio());

/** Applications (what was scanned) and the groups they belong to. */
export function Portfolio() {
  const data = useAsync(load);
  const [groupName, setGroupName] = useState("");
  const [error, setError] = useState<string>();

  async function run(action: () => Promise<PortfolioData>) {
    try {
      data.set(await action());
      setError(undefined);
    } catch (err) {
      setError(messageOf(err));
    }
  }

  function addGroup(e: FormEvent) {
    e.preventDefault();
    const name = groupName;
    setGroupName("");
    void run(() => call(commands.createGroup(name)));
  }

  const apps = data.data?.applications ?? [];
  const groups = data.data?.groups ?? [];
  return (
    <section className="card" aria-label="Applications and groups" style={{ display: "grid", gap: 14 }}>
      <div>
        <h2 style={{ fontSize: 16 }}>Applications and groups</h2>
        <p className="hint">
          Applications are created when you import scans. Put them in groups to route them together: an application inherits its
          group&apos;s routing rules unless it has its own.
        </p>
      </div>
      {apps.length === 0 ? (
        <p className="hint">No application yet: import a scan first.</p>
      ) : (
        <table className="plain-table">
          <thead>
            <tr>
              <th>Application</th>
              <th>Group</th>
              <th>Open findings</th>
              <th>Last import</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {apps.map((a) => (
              <tr key={a.id}>
                <td>{a.name}</td>
                <td>
                  <select
                    aria-label={`Group of ${a.name}`}
                    value={a.group_id ?? ""}
                    onChange={(e) => void run(() => call(commands.setApplicationGroup(a.id, e.target.value ? Number(e.target.value) : null)))}
                  >
                    <option value="">No group</option>
                    {groups.map((g) => (
                      <option key={g.id} value={g.id}>
                        {g.name}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  {a.findings_active} <span className="hint">of {a.findings_total}</span>
                </td>
                <td className="hint">{a.last_import_at?.slice(0, 16).replace("T", " ") ?? "—"}</td>
                <td>
                  <button
                    className="btn btn-small"
                    disabled={a.findings_total > 0}
                    title={a.findings_total > 0 ? "Only applications without findings can be deleted" : undefined}
                    onClick={() => void run(() => call(commands.deleteApplication(a.id)))}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="row">
        {groups.map((g) => (
          <span key={g.id} className="chip">
            {g.name} <span className="hint">({g.application_count})</span>
            <button className="chip-x" aria-label={`Delete group ${g.name}`} onClick={() => void run(() => call(commands.deleteGroup(g.id)))}>
              ×
            </button>
          </span>
        ))}
      </div>
      <form className="row" onSubmit={addGroup}>
        <input className="grow" aria-label="New group name" placeholder="New group, e.g. Customer-facing services" value={groupName} onChange={(e) => setGroupName(e.target.value)} />
        <button type="submit" className="btn" disabled={!groupName.trim()}>
          Create group
        </button>
      </form>
      {(error || data.error) && (
        <div className="banner-error" role="alert">
          {error ?? data.error}
        </div>
      )}
    </section>
  );
}
