import { useCallback, useState } from "react";
import { useAsync } from "../../app/useAsync";
import { call, commands, messageOf, type FindingId, type MappingTarget, type PreviewView } from "../../ipc";

const loadFindings = () => call(commands.queryFindings({ limit: 50, offset: 0 }));

/** Exactly the JSON that would leave the machine for one finding. */
export function PreviewPanel({ target, findingId, onFinding }: { target: MappingTarget; findingId: FindingId | null; onFinding: (id: FindingId | null) => void }) {
  const findings = useAsync(loadFindings);
  const [preview, setPreview] = useState<PreviewView>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const show = useCallback(async () => {
    setBusy(true);
    setError(undefined);
    try {
      setPreview(await call(commands.previewPayload(target, findingId)));
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }, [target, findingId]);
  const rows = findings.data?.rows ?? [];
  return (
    <section className="card preview" aria-label="Payload preview">
      <div className="row spread">
        <h2>Payload preview</h2>
        <div className="row">
          <select
            aria-label="Finding to preview"
            className="map-input"
            value={findingId ?? ""}
            onChange={(e) => onFinding(e.target.value ? (Number(e.target.value) as FindingId) : null)}
          >
            <option value="">{rows.length ? "Newest finding" : "Built-in sample finding"}</option>
            {rows.map((r) => (
              <option key={r.id} value={r.id}>
                {r.application} · {r.title.slice(0, 70)}
              </option>
            ))}
          </select>
          <button className="btn" onClick={() => void show()} disabled={busy}>
            {busy ? "Building…" : "Show payload"}
          </button>
        </div>
      </div>
      {error && (
        <div className="banner-error" role="alert">
          {error}
        </div>
      )}
      {preview && (
        <>
          <p className="muted small">
            For {preview.sample ? "the built-in sample finding" : "the finding"} “{preview.findingTitle}”. Only these fields are sent.
          </p>
          {preview.problems.length > 0 && (
            <div className="banner-error" role="alert">
              The mapping has problems; they are shown next to their fields.
              <ul>
                {preview.problems.map((p) => (
                  <li key={p.fieldId + p.kind}>
                    {p.fieldName}: {p.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {preview.error && (
            <div className="banner-error" role="alert">
              {preview.error}
            </div>
          )}
          {preview.json && (
            <pre className="payload" aria-label="Payload JSON" tabIndex={0}>
              {preview.json}
            </pre>
          )}
          {preview.attachments.length > 0 && (
            <p className="muted small">Attached after creating (text cut to Jira's limits): {preview.attachments.join(", ")}</p>
          )}
        </>
      )}
    </section>
  );
}
