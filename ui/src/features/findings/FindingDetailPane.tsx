import { useCallback } from "react";
import { useAsync } from "../../app/useAsync";
import { call, commands, type FindingId } from "../../ipc";
import { RouteSection } from "../routing/RouteSection";
import { LinkedTicket } from "./LinkedTicket";
import { severityLabel, STATUS_LABEL } from "./severity";

/** The finding as the analyst reads it: what, where, why, what to do, and its history. */
export function FindingDetailPane({ id, version, onClose }: { id: FindingId; version: number; onClose: () => void }) {
  // eslint-disable-next-line react-hooks/exhaustive-deps -- version forces a reload after a status change
  const load = useCallback(() => call(commands.findingDetail(id)), [id, version]);
  const detail = useAsync(load);
  const d = detail.data;
  return (
    <aside className="card detail" aria-label="Finding details">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <span className="badge">{d ? STATUS_LABEL[d.row.status] : "…"}</span>
        <button className="btn btn-small" onClick={onClose} aria-label="Close details">
          Close
        </button>
      </div>
      {detail.error && (
        <div className="banner-error" role="alert">
          {detail.error}
        </div>
      )}
      {d && (
        <>
          <h2>{d.row.title}</h2>
          <dl className="facts">
            <dt>Severity</dt>
            <dd>
              {severityLabel(d.row.severity)}
              {d.finding.raw_severity && d.finding.raw_severity !== d.row.severity ? ` (tool says “${d.finding.raw_severity}”)` : ""}
              {d.row.score != null ? ` · score ${d.row.score.toFixed(1)}` : ""}
            </dd>
            <dt>Application</dt>
            <dd>{d.row.application}</dd>
            <dt>Tool</dt>
            <dd>{d.row.tool}</dd>
            <dt>Location</dt>
            <dd>{d.row.location || "—"}</dd>
            {d.row.cves.length > 0 && (
              <>
                <dt>CVE</dt>
                <dd>{d.row.cves.join(", ")}</dd>
              </>
            )}
            {d.status_reason && (
              <>
                <dt>Why</dt>
                <dd>{d.status_reason}</dd>
              </>
            )}
            <dt>First seen</dt>
            <dd>{d.row.first_seen}</dd>
            <dt>Jira label</dt>
            <dd>{d.dedup_label}</dd>
          </dl>
          <RouteSection findingId={id} />
          <LinkedTicket id={id} version={version} />
          {d.finding.description && (
            <section>
              <h3>Description</h3>
              <p className="text">{d.finding.description}</p>
            </section>
          )}
          {d.finding.remediation && (
            <section>
              <h3>Remediation</h3>
              <p className="text">{d.finding.remediation}</p>
            </section>
          )}
          {d.finding.evidence && (
            <section>
              <h3>Evidence</h3>
              <pre className="text evidence">{d.finding.evidence}</pre>
            </section>
          )}
          {(d.finding.request_url || d.finding.source_ips.length > 0) && (
            <section>
              <h3>Request</h3>
              {d.finding.request_url && <p className="text">{d.finding.request_url}</p>}
              {d.finding.source_ips.length > 0 && <p className="text">From {d.finding.source_ips.join(", ")}</p>}
            </section>
          )}
          {d.finding.references.length > 0 && (
            <section>
              <h3>References</h3>
              <ul className="text">
                {d.finding.references.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </section>
          )}
          <section>
            <h3>Timeline</h3>
            <ol className="timeline">
              {d.timeline.map((e) => (
                <li key={e.id}>
                  <time>{e.at}</time>
                  {e.detail.message}
                </li>
              ))}
            </ol>
          </section>
        </>
      )}
    </aside>
  );
}
