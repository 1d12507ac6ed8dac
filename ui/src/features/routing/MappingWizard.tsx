import type { CreateFieldsView, FieldComplaint, FieldMapping, FieldView, MappingProblem, UserChoice } from "../../ipc";
import { SourceEditor } from "./SourceEditor";
import { SOURCE_LABEL, isUnmappable, sourcesFor, startingSource, type SourceKind } from "./sources";

/** Fields Vulnbridge fills itself, whatever the mapping says. */
const AUTOMATIC: Record<string, string> = {
  project: "Set by the rule (the Jira project).",
  issuetype: "Set by the rule (the issue type).",
  labels: "Always the finding's duplicate-check label, “vulnbridge” and the extra labels below.",
};

type Props = {
  meta: CreateFieldsView;
  mapping: FieldMapping;
  onChange: (m: FieldMapping) => void;
  problems: MappingProblem[];
  jiraErrors: FieldComplaint[];
  assignee: UserChoice | null;
  connectionId: string;
  onRefresh: () => void;
  refreshing: boolean;
};

/** Every create field of the issue type, with its type, allowed values and mapping. */
export function MappingWizard({ meta, mapping, onChange, problems, jiraErrors, assignee, connectionId, onRefresh, refreshing }: Props) {
  const fields = mapping.fields ?? {};
  const ordered = [...meta.fields].sort((a, b) => Number(!!b.meta.required) - Number(!!a.meta.required));
  const general = problems.filter((p) => !meta.fields.some((f) => f.meta.id === p.fieldId));
  const set = (id: string, source: FieldView | null, kind?: SourceKind) => {
    const next = { ...fields };
    if (!source || !kind) delete next[id];
    else next[id] = startingSource(kind, source.kind, source.meta);
    onChange({ ...mapping, fields: next });
  };
  const prefix = mapping.summaryPrefix ?? { enabled: false, text: "[Security]" };
  return (
    <section className="card map-wizard" aria-label="Field mapping">
      <div className="row spread">
        <div>
          <h2>Map fields</h2>
          <p className="muted">
            {meta.fields.length} fields on the create screen · fetched {new Date(meta.fetchedAt).toLocaleString()} ·{" "}
            {meta.dialect === "cloud" ? "Jira Cloud (ADF, accountId)" : "Jira Data Center (wiki markup, username)"}
          </p>
        </div>
        <button className="btn btn-small" onClick={onRefresh} disabled={refreshing}>
          {refreshing ? "Refreshing…" : "Refresh fields from Jira"}
        </button>
      </div>
      {general.map((p) => (
        <div key={p.fieldId + p.kind} className="banner-error" role="alert">
          {p.message}
        </div>
      ))}
      <div className="map-options">
        <label className="check">
          <input
            type="checkbox"
            checked={!!prefix.enabled}
            onChange={(e) => onChange({ ...mapping, summaryPrefix: { ...prefix, enabled: e.target.checked } })}
          />
          Summary prefix
        </label>
        <input
          aria-label="Summary prefix text"
          className="map-input prefix"
          value={prefix.text ?? ""}
          disabled={!prefix.enabled}
          onChange={(e) => onChange({ ...mapping, summaryPrefix: { ...prefix, text: e.target.value } })}
        />
        <label className="extra-labels">
          <span>Extra labels</span>
          <input
            aria-label="Extra labels"
            className="map-input"
            placeholder="e.g. security appsec (spaces separate labels)"
            value={(mapping.extraLabels ?? []).join(" ")}
            onChange={(e) => onChange({ ...mapping, extraLabels: e.target.value.split(/[\s,]+/).filter(Boolean) })}
          />
        </label>
      </div>
      <ul className="map-fields">
        {ordered.map((f) => {
          const id = f.meta.id ?? "";
          const name = f.meta.name ?? id;
          const own = problems.filter((p) => p.fieldId === id);
          const jira = jiraErrors.filter((e) => e.fieldId === id);
          const source = fields[id];
          const choices = sourcesFor(f.kind);
          const allowed = f.meta.allowedValues ?? [];
          const fixedNote = AUTOMATIC[id] ?? (id === "assignee" && assignee ? `The rule's default assignee: ${assignee.displayName}.` : undefined);
          return (
            <li key={id} className={`map-field${own.length || jira.length ? " has-problem" : ""}`} aria-label={name}>
              <div className="map-field-head">
                <div>
                  <strong>{name}</strong> {f.meta.required && <span className="badge warn">Required</span>}
                  <div className="muted small">
                    <span className="mono">{id}</span> · {f.kindLabel}
                    {allowed.length > 0 && ` · ${allowed.length} allowed value${allowed.length === 1 ? "" : "s"}`}
                    {f.meta.hasDefaultValue && " · has a Jira default"}
                  </div>
                </div>
                {fixedNote || isUnmappable(f.kind) ? null : (
                  <select
                    aria-label={`${name} source`}
                    className="map-input source-select"
                    value={source?.source ?? ""}
                    onChange={(e) => set(id, e.target.value ? f : null, (e.target.value || undefined) as SourceKind | undefined)}
                  >
                    <option value="">{f.meta.required && !f.meta.hasDefaultValue ? "Not mapped (required!)" : "Not mapped"}</option>
                    {choices.map((c) => (
                      <option key={c} value={c}>
                        {SOURCE_LABEL[c]}
                      </option>
                    ))}
                  </select>
                )}
              </div>
              {fixedNote && <p className="muted small">{fixedNote}</p>}
              {!fixedNote && isUnmappable(f.kind) && (
                <p className="muted small">
                  {f.kind === "unsupported" ? "Vulnbridge cannot fill this kind of field; Jira's default applies." : "Set by the rule."}
                </p>
              )}
              {!fixedNote && source && (
                <SourceEditor
                  field={f}
                  source={source}
                  connectionId={connectionId}
                  onChange={(s) => onChange({ ...mapping, fields: { ...fields, [id]: s } })}
                />
              )}
              {allowed.length > 0 && !source && !fixedNote && (
                <p className="muted small allowed">Allowed: {allowed.map((v) => v.name).join(", ")}</p>
              )}
              {own.map((p) => (
                <p key={p.kind} className="field-problem" role="alert">
                  {p.message}
                </p>
              ))}
              {jira.map((e) => (
                <p key={e.message} className="field-problem" role="alert">
                  {e.message}
                </p>
              ))}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
