import { useCallback, useState } from "react";
import { EmptyState } from "../../app/EmptyState";
import { PageHeader } from "../../app/PageHeader";
import { useAsync } from "../../app/useAsync";
import { call, commands, messageOf, type RuleView } from "../../ipc";
import { RuleEditor } from "./RuleEditor";
import { RulesTable } from "./RulesTable";
import "./routing.css";

const loadAll = async () => {
  const [overview, connections] = await Promise.all([call(commands.routingOverview()), call(commands.listConnections())]);
  return { overview, connections };
};

export function RoutingPage() {
  const data = useAsync(loadAll);
  const [editing, setEditing] = useState<RuleView | "new">();
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<string>();

  const transfer = useCallback(
    async (what: "export" | "import") => {
      setError(undefined);
      setNotice(undefined);
      try {
        if (what === "export") {
          const path = await call(commands.pickRoutingExportPath());
          if (!path) return;
          const r = await call(commands.exportRoutingConfig(path));
          setNotice(`Exported ${r.rules} rule${r.rules === 1 ? "" : "s"} to ${r.path} (no secrets inside).`);
        } else {
          const path = await call(commands.pickRoutingImportFile());
          if (!path) return;
          const r = await call(commands.importRoutingConfig(path));
          const extra = r.createdScopes.length ? ` Created ${r.createdScopes.join(", ")}.` : "";
          setNotice(`Imported: ${r.created} new rule${r.created === 1 ? "" : "s"}, ${r.updated} updated.${extra}`);
          data.reload();
        }
      } catch (err) {
        setError(messageOf(err));
      }
    },
    [data],
  );

  const overview = data.data?.overview;
  const connections = data.data?.connections ?? [];
  const rules = overview?.rules ?? [];
  const replace = (r: RuleView) => {
    if (!overview || !data.data) return;
    const others = overview.rules.filter((x) => x.id !== r.id);
    data.set({ ...data.data, overview: { ...overview, rules: [...others, r].sort((a, b) => a.id - b.id) } });
  };

  return (
    <div className="page routing-page">
      <PageHeader
        title="Routing"
        subtitle="Which findings become tickets, in which Jira project, with which fields."
        actions={
          !editing && (
            <div className="row">
              <button className="btn" onClick={() => void transfer("import")}>
                Import…
              </button>
              <button className="btn" disabled={rules.length === 0} onClick={() => void transfer("export")}>
                Export…
              </button>
              <button className="btn btn-primary" disabled={connections.length === 0} onClick={() => setEditing("new")}>
                New rule
              </button>
            </div>
          )
        }
      />
      {notice && (
        <div className="banner-ok" role="status">
          {notice}
        </div>
      )}
      {(error || data.error) && (
        <div className="banner-error" role="alert">
          {error ?? data.error}
        </div>
      )}
      {editing && overview ? (
        <RuleEditor
          connections={connections}
          scopes={overview.scopes}
          rule={editing === "new" ? undefined : editing}
          onCancel={() => setEditing(undefined)}
          onSaved={(r) => {
            replace(r);
            setEditing(undefined);
            setNotice(`Saved “${r.name}”.${r.enabledSince ? " New findings it matches are ticketed from now on." : ""}`);
          }}
        />
      ) : data.loading ? null : connections.length === 0 ? (
        <EmptyState icon="routing" title="Connect Jira first">
          <p>Rules send findings to a Jira project. Add a connection (or try the local sandbox) on the Connections page.</p>
        </EmptyState>
      ) : rules.length === 0 ? (
        <EmptyState icon="routing" title="No routing rules yet">
          <p>
            A rule sends the findings of an application, or of every application in a group, to one Jira project and issue type.{" "}
            {overview?.scopes.length ? "Start with “New rule”." : "Import findings first, so there is an application to route."}
          </p>
        </EmptyState>
      ) : (
        <RulesTable
          rules={rules}
          connections={connections}
          onEdit={(r) => setEditing(r)}
          onChanged={replace}
          onDeleted={(id) => overview && data.data && data.set({ ...data.data, overview: { ...overview, rules: overview.rules.filter((r) => r.id !== id) } })}
          onNotice={setNotice}
        />
      )}
    </div>
  );
}
