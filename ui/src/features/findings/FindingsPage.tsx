import { useEffect, useMemo, useState } from "react";
import { EmptyState } from "../../app/EmptyState";
import { PageHeader } from "../../app/PageHeader";
import { useAsync } from "../../app/useAsync";
import {
  call,
  commands,
  events,
  messageOf,
  type FindingId,
  type FindingKind,
  type FindingQuery,
  type FindingStatus,
  type Severity,
  type SortField,
} from "../../ipc";
import { FindingDetailPane } from "./FindingDetailPane";
import { FindingsTable } from "./FindingsTable";
import { ImportDialog } from "./ImportDialog";
import { SEVERITIES, SEVERITY_LABEL, STATUS_LABEL } from "./severity";
import { useFindingRows } from "./useFindingRows";
import "./findings.css";

const loadApps = () => call(commands.getPortfolio());

const BULK: { status: FindingStatus; label: string }[] = [
  { status: "false_positive", label: "False positive" },
  { status: "accepted_risk", label: "Accept risk" },
  { status: "resolved", label: "Resolve" },
  { status: "reopened", label: "Reopen" },
];

/** Debounces a value (search as you type without a query per keystroke). */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function FindingsPage() {
  const apps = useAsync(loadApps);
  const [text, setText] = useState("");
  const [severities, setSeverities] = useState<Severity[]>([]);
  const [status, setStatus] = useState<"" | FindingStatus | "active">("active");
  const [appId, setAppId] = useState<number>();
  const [groupId, setGroupId] = useState<number>();
  const [tool, setTool] = useState("");
  const [kind, setKind] = useState<"" | FindingKind>("");
  const [ticket, setTicket] = useState<"" | "yes" | "no">("");
  const [sort, setSort] = useState<{ field: SortField; descending: boolean }>({ field: "severity", descending: true });
  const [version, setVersion] = useState(0);
  const [selected, setSelected] = useState<Set<FindingId>>(new Set());
  const [active, setActive] = useState<FindingId>();
  const [importing, setImporting] = useState(false);
  const [error, setError] = useState<string>();
  const search = useDebounced(text, 200);
  const [background, setBackground] = useState<string>();

  // Scans imported from watched folders refresh the list and say what came in.
  const reloadApps = apps.reload;
  useEffect(() => {
    const off = events.scansImported.listen((e) => {
      const files = e.payload.files;
      setBackground(files.map((f) => `${f.fileName}: ${f.message}`).join(" · "));
      setVersion((v) => v + 1);
      reloadApps();
    });
    return () => {
      void off.then((f) => f());
    };
  }, [reloadApps]);

  const query: FindingQuery = useMemo(
    () => ({
      severities,
      statuses: status === "" ? [] : status === "active" ? ["open", "reopened"] : [status],
      application_ids: appId === undefined ? [] : [appId],
      group_ids: groupId === undefined ? [] : [groupId],
      tools: tool ? [tool] : [],
      kinds: kind ? [kind] : [],
      has_ticket: ticket === "" ? null : ticket === "yes",
      text: search.trim() || null,
      sort,
      offset: 0,
      limit: 200,
    }),
    [severities, status, appId, groupId, tool, kind, ticket, search, sort],
  );
  const summaryQuery = useMemo(() => ({ ...query, severities: [] as Severity[] }), [query]);
  const rows = useFindingRows(query, version);
  const [summary, setSummary] = useState<Record<string, number>>();
  useEffect(() => {
    call(commands.findingSummary(summaryQuery)).then(
      (s) => setSummary({ ...s.by_severity, total: s.total }),
      (err: unknown) => setError(messageOf(err)),
    );
  }, [summaryQuery, version]);

  function toggleSeverity(s: Severity) {
    setSeverities((old) => (old.includes(s) ? old.filter((x) => x !== s) : [...old, s]));
  }

  function toggle(id: FindingId) {
    setSelected((old) => {
      const next = new Set(old);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  function toggleAll() {
    setSelected((old) => {
      if (old.size > 0) return new Set();
      const next = new Set<FindingId>();
      for (let i = 0; i < (rows.total ?? 0); i++) {
        const r = rows.rowAt(i);
        if (r) next.add(r.id);
      }
      return next;
    });
  }

  async function bulk(to: FindingStatus) {
    try {
      await call(commands.setFindingsStatus([...selected], to, "Set by the analyst in the findings list"));
      setSelected(new Set());
      setVersion((v) => v + 1);
    } catch (err) {
      setError(messageOf(err));
    }
  }

  const noFindingsAtAll = summary?.total === 0 && !search && severities.length === 0 && status === "active" && appId === undefined && groupId === undefined && !tool && !kind && ticket === "";
  return (
    <div className="page" style={{ maxWidth: "none" }}>
      <PageHeader
        title="Findings"
        subtitle="Everything your scanners found, across applications."
        actions={
          <button className="btn btn-primary" onClick={() => setImporting(true)}>
            Import scan…
          </button>
        }
      />
      {importing && (
        <ImportDialog
          applications={apps.data?.applications ?? []}
          onClose={(imported) => {
            setImporting(false);
            if (imported) {
              apps.reload();
              setVersion((v) => v + 1);
            }
          }}
        />
      )}
      {background && (
        <div className="banner-ok" role="status" style={{ marginBottom: 12 }}>
          Imported from a watched folder: {background}
        </div>
      )}
      {(error || rows.error || apps.error) && (
        <div className="banner-error" role="alert" style={{ marginBottom: 12 }}>
          {error ?? rows.error ?? apps.error}
        </div>
      )}
      {noFindingsAtAll ? (
        <EmptyState icon="findings" title="No findings yet">
          <p>Import a scan (SARIF, Trivy, Grype, ZAP and more) and its findings appear here, ready to triage.</p>
          <button className="btn btn-primary" onClick={() => setImporting(true)}>
            Import scan…
          </button>
        </EmptyState>
      ) : (
        <div className={`findings-layout${active !== undefined ? " with-detail" : ""}`}>
          <div style={{ display: "grid", gap: 12, minWidth: 0 }}>
            <div className="sev-bar" role="group" aria-label="Severity">
              {SEVERITIES.map((s) => (
                <button key={s} className="sev-chip" aria-pressed={severities.includes(s)} onClick={() => toggleSeverity(s)}>
                  <span className={`sev-dot sev-${s}`} />
                  <span>{SEVERITY_LABEL[s]}</span>
                  <b>{summary?.[s] ?? "–"}</b>
                </button>
              ))}
            </div>
            <div className="filters">
              <input type="search" aria-label="Search findings" placeholder="Search title, CVE, rule, file, package…" value={text} onChange={(e) => setText(e.target.value)} />
              <select aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
                <option value="active">Open and reopened</option>
                <option value="">Any status</option>
                {Object.entries(STATUS_LABEL).map(([k, v]) => (
                  <option key={k} value={k}>
                    {v}
                  </option>
                ))}
              </select>
              <select aria-label="Application" value={appId ?? ""} onChange={(e) => setAppId(e.target.value ? Number(e.target.value) : undefined)}>
                <option value="">All applications</option>
                {(apps.data?.applications ?? []).map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
              {(apps.data?.groups ?? []).length > 0 && (
                <select aria-label="Group" value={groupId ?? ""} onChange={(e) => setGroupId(e.target.value ? Number(e.target.value) : undefined)}>
                  <option value="">All groups</option>
                  {(apps.data?.groups ?? []).map((g) => (
                    <option key={g.id} value={g.id}>
                      {g.name}
                    </option>
                  ))}
                </select>
              )}
              <input type="search" aria-label="Tool" placeholder="Tool, e.g. Trivy" value={tool} onChange={(e) => setTool(e.target.value)} style={{ minWidth: 140, flex: 0 }} />
              <select aria-label="Kind" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
                <option value="">Vulnerabilities and incidents</option>
                <option value="vulnerability">Vulnerabilities</option>
                <option value="incident">Incidents</option>
              </select>
              <select aria-label="Jira ticket" value={ticket} onChange={(e) => setTicket(e.target.value as typeof ticket)}>
                <option value="">With or without ticket</option>
                <option value="yes">Has a Jira ticket</option>
                <option value="no">No ticket yet</option>
              </select>
              <span className="count" role="status">
                {rows.total === undefined ? "Loading…" : `${rows.total.toLocaleString()} finding${rows.total === 1 ? "" : "s"}`}
              </span>
            </div>
            {selected.size > 0 && (
              <div className="bulk" role="toolbar" aria-label="Bulk actions">
                <strong>{selected.size} selected</strong>
                {BULK.map((b) => (
                  <button key={b.status} className="btn btn-small" onClick={() => void bulk(b.status)}>
                    {b.label}
                  </button>
                ))}
                <button className="btn btn-small" onClick={() => setSelected(new Set())}>
                  Clear
                </button>
              </div>
            )}
            <FindingsTable
              total={rows.total ?? 0}
              rowAt={rows.rowAt}
              ensure={rows.ensure}
              selected={selected}
              onToggle={toggle}
              onToggleAll={toggleAll}
              active={active}
              onOpen={setActive}
              sort={sort}
              onSort={(field) => setSort((s) => ({ field, descending: s.field === field ? !s.descending : field !== "title" && field !== "application" }))}
            />
          </div>
          {active !== undefined && <FindingDetailPane id={active} version={version} onClose={() => setActive(undefined)} />}
        </div>
      )}
    </div>
  );
}
