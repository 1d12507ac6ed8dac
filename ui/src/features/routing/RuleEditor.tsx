import { useEffect, useMemo, useState } from "react";
import {
  call,
  commands,
  messageOf,
  type ConnectionView,
  type CreateFieldsView,
  type FieldComplaint,
  type FieldMapping,
  type FindingId,
  type FindingKind,
  type IssueTypeChoice,
  type MappingProblem,
  type MappingTarget,
  type ProjectChoice,
  type RuleView,
  type ScopeChoice,
  type ScopeRef,
  type Severity,
  type UserChoice,
} from "../../ipc";
import { MappingWizard } from "./MappingWizard";
import { PreviewPanel } from "./PreviewPanel";
import { TestTicketPanel } from "./TestTicketPanel";
import { UserPicker } from "./UserPicker";

const SEVERITIES: Severity[] = ["critical", "high", "medium", "low", "info"];
const scopeKey = (s: ScopeRef) => `${s.kind}:${s.id}`;
function parseScope(key: string): ScopeRef | null {
  const [kind, id] = key.split(":");
  if (!id) return null;
  return kind === "group" ? { kind: "group", id: Number(id) } : { kind: "application", id: Number(id) };
}

type Props = {
  connections: ConnectionView[];
  scopes: ScopeChoice[];
  rule?: RuleView;
  onSaved: (rule: RuleView) => void;
  onCancel: () => void;
};

/** Create or edit one routing rule: where tickets go, then the field mapping, preview and test. */
export function RuleEditor({ connections, scopes, rule, onSaved, onCancel }: Props) {
  const preferred = connections.find((c) => c.sandbox) ?? connections[0];
  const [name, setName] = useState(rule?.name ?? "");
  const [scope, setScope] = useState<ScopeRef | null>(rule?.scope ?? scopes[0]?.scope ?? null);
  const [connectionId, setConnectionId] = useState(rule?.connectionId ?? preferred?.id ?? "");
  const [projects, setProjects] = useState<ProjectChoice[]>([]);
  const [project, setProject] = useState<ProjectChoice | null>(
    rule ? { id: rule.projectId ?? "", key: rule.projectKey ?? "", name: rule.projectName ?? "" } : null,
  );
  const [types, setTypes] = useState<IssueTypeChoice[]>([]);
  const [issueType, setIssueType] = useState<IssueTypeChoice | null>(
    rule ? { id: rule.issueTypeId, name: rule.issueTypeName ?? rule.issueTypeId, subtask: false } : null,
  );
  const [assignee, setAssignee] = useState<UserChoice | null>(rule?.assignee ?? null);
  const [kinds, setKinds] = useState<FindingKind[]>(rule?.triggerKinds ?? ["vulnerability"]);
  const [minSeverity, setMinSeverity] = useState<Severity | null>(rule?.minSeverity ?? null);
  const [enabled, setEnabled] = useState(rule ? rule.enabledSince != null : true);
  const [meta, setMeta] = useState<CreateFieldsView>();
  const [mapping, setMapping] = useState<FieldMapping | undefined>(rule?.mapping);
  const [problems, setProblems] = useState<MappingProblem[]>([]);
  const [jiraErrors, setJiraErrors] = useState<FieldComplaint[]>([]);
  const [findingId, setFindingId] = useState<FindingId | null>(null);
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();
  // Listing projects or issue types can fail (Jira unreachable) without blocking a saved rule.
  const [listError, setListError] = useState<string>();

  const projectRef = project?.id || project?.key || "";

  useEffect(() => {
    if (!connectionId) return;
    let live = true;
    call(commands.jiraProjects(connectionId)).then(
      (list) => {
        if (!live) return;
        setProjects(list);
        setListError(undefined);
      },
      (err: unknown) => live && setListError(messageOf(err)),
    );
    return () => {
      live = false;
    };
  }, [connectionId]);

  useEffect(() => {
    if (!connectionId || !projectRef) return;
    let live = true;
    call(commands.jiraIssueTypes(connectionId, projectRef)).then(
      (list) => live && setTypes(list.filter((t) => !t.subtask)),
      (err: unknown) => live && setListError(messageOf(err)),
    );
    return () => {
      live = false;
    };
  }, [connectionId, projectRef]);

  // Editing an existing rule: its fields come from the cache straight away.
  useEffect(() => {
    if (!rule) return;
    let live = true;
    call(commands.jiraCreateFields(rule.connectionId, rule.projectId ?? rule.projectKey ?? "", rule.issueTypeId, false)).then(
      (m) => live && setMeta(m),
      (err: unknown) => live && setError(messageOf(err)),
    );
    return () => {
      live = false;
    };
  }, [rule]);

  useEffect(() => {
    if (!meta || !mapping) return;
    let live = true;
    void commands.checkMapping(mapping, meta.fields.map((f) => f.meta)).then((p) => live && setProblems(p));
    return () => {
      live = false;
    };
  }, [meta, mapping]);

  async function loadFields(refresh: boolean) {
    if (!issueType || !projectRef) return;
    setBusy(refresh ? "refresh" : "fields");
    setError(undefined);
    try {
      const m = await call(commands.jiraCreateFields(connectionId, projectRef, issueType.id, refresh));
      setMeta(m);
      if (!mapping || !refresh) setMapping(mapping && rule && rule.issueTypeId === issueType.id ? mapping : m.defaultMapping);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(undefined);
    }
  }

  const target: MappingTarget | null = useMemo(
    () =>
      mapping && issueType && project
        ? { connectionId, projectId: project.id || null, projectKey: project.key || null, issueTypeId: issueType.id, mapping, assignee }
        : null,
    [mapping, issueType, project, connectionId, assignee],
  );

  async function save() {
    if (!mapping || !issueType || !project || !scope) return;
    setBusy("save");
    setError(undefined);
    try {
      const outcome = await call(
        commands.saveRoutingRule({
          id: rule?.id ?? null,
          name,
          scope,
          connectionId,
          projectId: project.id || null,
          projectKey: project.key || null,
          projectName: project.name || null,
          issueTypeId: issueType.id,
          issueTypeName: issueType.name,
          assignee,
          minSeverity,
          triggerKinds: kinds,
          mapping,
          enabled,
        }),
      );
      if (outcome.rule) onSaved(outcome.rule);
      else {
        setProblems(outcome.problems);
        setError("The rule was not saved: fix the fields marked below.");
      }
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(undefined);
    }
  }

  const blocked = problems.length > 0;
  return (
    <div className="rule-editor">
      <section className="card" aria-label="Rule">
        <h2>{rule ? `Edit “${rule.name}”` : "New routing rule"}</h2>
        <div className="rule-form">
          <label className="field">
            <span>Name</span>
            <input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Payments to SEC" />
          </label>
          <label className="field">
            <span>Findings of</span>
            <select value={scope ? scopeKey(scope) : ""} onChange={(e) => setScope(parseScope(e.target.value))}>
              {scopes.length === 0 && <option value="">Import findings first: no application yet</option>}
              <optgroup label="Applications">
                {scopes
                  .filter((s) => s.scope.kind === "application")
                  .map((s) => (
                    <option key={scopeKey(s.scope)} value={scopeKey(s.scope)}>
                      {s.name}
                      {s.groupName ? ` (in ${s.groupName})` : ""}
                    </option>
                  ))}
              </optgroup>
              <optgroup label="Groups (apps added later inherit the rule)">
                {scopes
                  .filter((s) => s.scope.kind === "group")
                  .map((s) => (
                    <option key={scopeKey(s.scope)} value={scopeKey(s.scope)}>
                      {s.name}
                    </option>
                  ))}
              </optgroup>
            </select>
          </label>
          <label className="field">
            <span>Jira connection</span>
            <select
              value={connectionId}
              onChange={(e) => {
                setConnectionId(e.target.value);
                setProject(null);
                setIssueType(null);
                setMeta(undefined);
              }}
            >
              {connections.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.kindLabel})
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Jira project</span>
            <select
              value={project?.id ?? ""}
              onChange={(e) => {
                setProject(projects.find((p) => p.id === e.target.value) ?? null);
                setIssueType(null);
                setMeta(undefined);
              }}
            >
              <option value="">{projects.length ? "Choose a project…" : listError ? "Projects unavailable" : "Loading projects…"}</option>
              {project && !projects.some((p) => p.id === project.id) && <option value={project.id}>{project.key}</option>}
              {projects.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.key} · {p.name}
                </option>
              ))}
            </select>
          </label>
          {listError && (
            <p className="field-problem list-error" role="status">
              Jira could not be asked for its projects and issue types: {listError}
            </p>
          )}
          <label className="field">
            <span>Issue type</span>
            <select
              value={issueType?.id ?? ""}
              onChange={(e) => {
                setIssueType(types.find((t) => t.id === e.target.value) ?? null);
                setMeta(undefined);
              }}
            >
              <option value="">{project ? "Choose an issue type…" : "Pick a project first"}</option>
              {issueType && !types.some((t) => t.id === issueType.id) && <option value={issueType.id}>{issueType.name}</option>}
              {types.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
          <div className="field">
            <span>Default assignee</span>
            <UserPicker connectionId={connectionId} value={assignee} onChange={setAssignee} />
          </div>
          <fieldset className="field">
            <legend>Triggers on</legend>
            {(["vulnerability", "incident"] as FindingKind[]).map((k) => (
              <label key={k} className="check">
                <input
                  type="checkbox"
                  checked={kinds.includes(k)}
                  onChange={() => setKinds(kinds.includes(k) ? kinds.filter((x) => x !== k) : [...kinds, k])}
                />
                {k === "vulnerability" ? "Vulnerabilities" : "Incidents"}
              </label>
            ))}
          </fieldset>
          <label className="field">
            <span>Severity filter</span>
            <select value={minSeverity ?? ""} onChange={(e) => setMinSeverity((e.target.value || null) as Severity | null)}>
              <option value="">Every severity (unknown included)</option>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {s.charAt(0).toUpperCase() + s.slice(1)} and above
                </option>
              ))}
            </select>
          </label>
          <label className="check enable">
            <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
            Enabled — only findings first seen from now on are ticketed automatically; older ones need an explicit backfill.
          </label>
        </div>
        {!meta && (
          <div className="row">
            <button className="btn btn-primary" disabled={!issueType || !!busy} onClick={() => void loadFields(false)}>
              {busy === "fields" ? "Loading fields…" : "Map fields"}
            </button>
            <button className="btn" onClick={onCancel}>
              Cancel
            </button>
          </div>
        )}
      </section>
      {error && (
        <div className="banner-error" role="alert">
          {error}
        </div>
      )}
      {meta && mapping && (
        <>
          <MappingWizard
            meta={meta}
            mapping={mapping}
            onChange={setMapping}
            problems={problems}
            jiraErrors={jiraErrors}
            assignee={assignee}
            connectionId={connectionId}
            onRefresh={() => void loadFields(true)}
            refreshing={busy === "refresh"}
          />
          {target && <PreviewPanel target={target} findingId={findingId} onFinding={setFindingId} />}
          {target && <TestTicketPanel target={target} findingId={findingId} onOutcome={(o) => setJiraErrors(o?.fieldErrors ?? [])} />}
          <div className="row save-bar">
            <button className="btn btn-primary" disabled={blocked || !!busy || !scope || !name.trim()} onClick={() => void save()}>
              {busy === "save" ? "Saving…" : "Save rule"}
            </button>
            <button className="btn" onClick={onCancel}>
              Cancel
            </button>
            {blocked && <span className="field-problem">Required fields without a mapping block saving (see the marked fields).</span>}
            {!name.trim() && <span className="muted small">Give the rule a name to save it.</span>}
          </div>
        </>
      )}
    </div>
  );
}
