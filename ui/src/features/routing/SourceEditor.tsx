import type { AllowedValue, FieldSource, FieldView, JiraValue, ScoreMap, SeverityMap, SlaDays, ValueRef } from "../../ipc";
import { ATTRIBUTES, SEVERITY_ROWS, refOf, usable } from "./sources";
import { UserPicker } from "./UserPicker";

type Props = { field: FieldView; source: FieldSource; onChange: (s: FieldSource) => void; connectionId: string };

/** The editor for one field's value, shaped by its source. */
export function SourceEditor({ field, source, onChange, connectionId }: Props) {
  const name = field.meta.name ?? field.meta.id ?? "";
  const values = usable(field.meta.allowedValues);
  switch (source.source) {
    case "template":
      return (
        <textarea
          aria-label={`${name} template`}
          className="map-input mono"
          rows={field.kind === "rich_text" ? 8 : 1}
          value={source.value}
          onChange={(e) => onChange({ source: "template", value: e.target.value })}
        />
      );
    case "literal":
      return (
        <input
          aria-label={`${name} value`}
          className="map-input"
          value={source.value}
          placeholder={field.kind === "date" ? "YYYY-MM-DD" : ""}
          onChange={(e) => onChange({ source: "literal", value: e.target.value })}
        />
      );
    case "attribute":
      return (
        <select
          aria-label={`${name} attribute`}
          className="map-input"
          value={source.value}
          onChange={(e) => onChange({ source: "attribute", value: e.target.value as typeof source.value })}
        >
          {ATTRIBUTES.map((a) => (
            <option key={a.id} value={a.id}>
              {a.label}
            </option>
          ))}
        </select>
      );
    case "fixed":
      return (
        <FixedEditor name={name} values={values} value={source.value} connectionId={connectionId} onChange={(v) => onChange({ source: "fixed", value: v })} />
      );
    case "by_severity":
      return <SeverityMapEditor name={name} values={values} map={source.value} onChange={(m) => onChange({ source: "by_severity", value: m })} />;
    case "by_score":
      return <ScoreMapEditor name={name} values={values} map={source.value} onChange={(m) => onChange({ source: "by_score", value: m })} />;
    case "sla_due_date":
      return <SlaEditor name={name} days={source.value} onChange={(d) => onChange({ source: "sla_due_date", value: d })} />;
  }
}

function ValueSelect({
  label,
  values,
  value,
  onChange,
  allowNone,
}: {
  label: string;
  values: AllowedValue[];
  value: ValueRef | null | undefined;
  onChange: (v: ValueRef | null) => void;
  allowNone?: boolean;
}) {
  const current = values.find((v) => (value?.id ? v.id === value.id : (v.name ?? "").toLowerCase() === (value?.name ?? "").toLowerCase()));
  return (
    <select
      aria-label={label}
      className="map-input"
      value={current ? (current.id ?? current.name ?? "") : ""}
      onChange={(e) => {
        const hit = values.find((v) => (v.id ?? v.name) === e.target.value);
        onChange(hit ? refOf(hit) : null);
      }}
    >
      {(allowNone || !current) && <option value="">{allowNone ? "— no value —" : "Choose…"}</option>}
      {values.map((v) => (
        <option key={v.id ?? v.name} value={v.id ?? v.name}>
          {v.name}
        </option>
      ))}
    </select>
  );
}

function FixedEditor({
  name,
  values,
  value,
  onChange,
  connectionId,
}: {
  name: string;
  values: AllowedValue[];
  value: JiraValue;
  onChange: (v: JiraValue) => void;
  connectionId: string;
}) {
  switch (value.kind) {
    case "one":
      return <ValueSelect label={`${name} value`} values={values} value={value.value} onChange={(v) => onChange({ kind: "one", value: v ?? {} })} />;
    case "many":
      return (
        <div className="chips" role="group" aria-label={`${name} values`}>
          {values.map((v) => {
            const on = value.values.some((x) => x.id === v.id);
            return (
              <label key={v.id ?? v.name} className="chip">
                <input
                  type="checkbox"
                  checked={on}
                  onChange={() =>
                    onChange({ kind: "many", values: on ? value.values.filter((x) => x.id !== v.id) : [...value.values, refOf(v)] })
                  }
                />
                {v.name}
              </label>
            );
          })}
        </div>
      );
    case "cascade": {
      const parent = values.find((v) => v.id === value.parent.id);
      return (
        <div className="row">
          <ValueSelect label={`${name} value`} values={values} value={value.parent} onChange={(v) => onChange({ kind: "cascade", parent: v ?? {}, child: null })} />
          <ValueSelect
            label={`${name} child value`}
            values={usable(parent?.children)}
            value={value.child}
            allowNone
            onChange={(v) => onChange({ kind: "cascade", parent: value.parent, child: v })}
          />
        </div>
      );
    }
    case "issue_key":
      return (
        <input
          aria-label={`${name} issue key`}
          className="map-input mono"
          placeholder="e.g. SEC-12"
          value={value.key}
          onChange={(e) => onChange({ kind: "issue_key", key: e.target.value })}
        />
      );
    case "user":
      return (
        <UserPicker
          connectionId={connectionId}
          label={`${name} user`}
          placeholder="Search Jira users by name"
          value={value.id ? { id: value.id, displayName: value.id } : null}
          onChange={(u) => onChange({ kind: "user", id: u?.id ?? "" })}
        />
      );
    case "users":
      return (
        <input
          aria-label={`${name} user ids`}
          className="map-input mono"
          placeholder="ids separated by commas"
          value={value.ids.join(", ")}
          onChange={(e) => onChange({ kind: "users", ids: e.target.value.split(",").map((s) => s.trim()).filter(Boolean) })}
        />
      );
    case "group":
      return (
        <input
          aria-label={`${name} group`}
          className="map-input"
          value={value.name}
          onChange={(e) => onChange({ kind: "group", name: e.target.value })}
        />
      );
  }
}

function SeverityMapEditor({ name, values, map, onChange }: { name: string; values: AllowedValue[]; map: SeverityMap; onChange: (m: SeverityMap) => void }) {
  return (
    <div className="map-grid">
      {SEVERITY_ROWS.map((row) => (
        <label key={row} className="map-grid-row">
          <span className={`sev-tag sev-${row}`}>{row}</span>
          <ValueSelect label={`${name} for ${row}`} values={values} value={map[row]} allowNone onChange={(v) => onChange({ ...map, [row]: v })} />
        </label>
      ))}
    </div>
  );
}

function ScoreMapEditor({ name, values, map, onChange }: { name: string; values: AllowedValue[]; map: ScoreMap; onChange: (m: ScoreMap) => void }) {
  const bands = map.bands ?? [];
  return (
    <div className="map-grid">
      {bands.map((b, i) => (
        <label key={i} className="map-grid-row">
          <span className="mono score-band">
            {(b.min ?? 0).toFixed(1)}–{(b.max ?? 0).toFixed(1)}
          </span>
          <ValueSelect
            label={`${name} for scores ${b.min}–${b.max}`}
            values={values}
            value={b.value}
            onChange={(v) => onChange({ ...map, bands: bands.map((x, j) => (j === i ? { ...x, value: v ?? {} } : x)) })}
          />
        </label>
      ))}
      <label className="map-grid-row">
        <span className="score-band">No score</span>
        <ValueSelect label={`${name} without a score`} values={values} value={map.unscored} allowNone onChange={(v) => onChange({ ...map, unscored: v })} />
      </label>
    </div>
  );
}

function SlaEditor({ name, days, onChange }: { name: string; days: SlaDays; onChange: (d: SlaDays) => void }) {
  return (
    <div className="map-grid">
      {SEVERITY_ROWS.map((row) => (
        <label key={row} className="map-grid-row">
          <span className={`sev-tag sev-${row}`}>{row}</span>
          <span className="row">
            <input
              aria-label={`${name} days for ${row}`}
              className="map-input days"
              type="number"
              min={0}
              value={days[row] ?? ""}
              placeholder="none"
              onChange={(e) => onChange({ ...days, [row]: e.target.value === "" ? null : Math.max(0, Math.round(Number(e.target.value))) })}
            />
            <span className="muted">days</span>
          </span>
        </label>
      ))}
    </div>
  );
}
