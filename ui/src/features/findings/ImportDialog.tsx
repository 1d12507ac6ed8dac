import { useCallback, useEffect, useRef, useState } from "react";
import { call, commands, messageOf, type ApplicationSummary, type FileImport, type ImportProgress } from "../../ipc";
import { channel, onFileDrop } from "../../ipc/files";

interface Props {
  applications: ApplicationSummary[];
  initialPaths?: string[];
  onClose: (imported: boolean) => void;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** Import scan files into an application: drop or choose files, see progress and counts. */
export function ImportDialog({ applications, initialPaths = [], onClose }: Props) {
  const [app, setApp] = useState(applications[0]?.name ?? "");
  // Once the user types an application, suggestions from file folders stop.
  const appTouched = useRef(false);
  const [paths, setPaths] = useState<string[]>(initialPaths);

  /** Adds files; their folder may remember which application its scans went to before. */
  const addPaths = useCallback((added: string[]) => {
    setPaths((old) => [...new Set([...old, ...added])]);
    const first = added[0];
    if (first && !appTouched.current) {
      call(commands.suggestApplication(first)).then(
        (name) => {
          if (name && !appTouched.current) setApp(name);
        },
        () => {},
      );
    }
  }, []);
  const [over, setOver] = useState(false);
  const [progress, setProgress] = useState<ImportProgress>();
  const [results, setResults] = useState<FileImport[]>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [typed, setTyped] = useState("");

  useEffect(() => {
    let off = () => {};
    void onFileDrop((s) => {
      if (s.kind === "over") setOver(true);
      else if (s.kind === "leave") setOver(false);
      else {
        setOver(false);
        addPaths(s.paths);
      }
    }).then((f) => (off = f));
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && !busy && onClose(false);
    window.addEventListener("keydown", onKey);
    return () => {
      off();
      window.removeEventListener("keydown", onKey);
    };
  }, [busy, onClose, addPaths]);

  async function choose() {
    try {
      const picked = await call(commands.pickScanFiles());
      addPaths(picked);
    } catch (err) {
      setError(messageOf(err));
    }
  }

  function addTyped() {
    const path = typed.trim();
    if (!path) return;
    addPaths([path]);
    setTyped("");
  }

  async function run() {
    setBusy(true);
    setError(undefined);
    try {
      setResults(await call(commands.importScanFiles(app, paths, channel<ImportProgress>(setProgress))));
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  const pct = progress && progress.total_bytes > 0 ? Math.round((100 * progress.done_bytes) / progress.total_bytes) : 0;
  return (
    <div className="modal-backdrop">
      <section className="card modal" role="dialog" aria-modal="true" aria-label="Import scan results">
        <h2>Import scan results</h2>
        {!results && (
          <>
            <div className="field">
              <label htmlFor="import-app">Application</label>
              <input id="import-app" list="import-apps" value={app} onChange={(e) => {
                  appTouched.current = true;
                  setApp(e.target.value);
                }} placeholder="e.g. payments-api" autoFocus />
              <datalist id="import-apps">
                {applications.map((a) => (
                  <option key={a.id} value={a.name} />
                ))}
              </datalist>
              <span className="hint">What was scanned. A new name creates the application.</span>
            </div>
            <div className={`dropzone${over ? " over" : ""}`}>
              <p>Drop SARIF, Trivy, Grype, ZAP, Semgrep, npm audit… files here</p>
              <button className="btn" onClick={() => void choose()} disabled={busy} style={{ marginTop: 10 }}>
                Choose files…
              </button>
            </div>
            <form
              className="row"
              onSubmit={(e) => {
                e.preventDefault();
                addTyped();
              }}
            >
              <input
                id="import-path"
                aria-label="File path"
                className="grow"
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
                placeholder="…or type or paste a file path"
              />
              <button type="submit" className="btn" disabled={!typed.trim()}>
                Add
              </button>
            </form>
            {paths.length > 0 && (
              <ul className="file-results" aria-label="Files to import">
                {paths.map((p) => (
                  <li key={p} title={p}>
                    {baseName(p)}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
        {busy && progress && (
          <div role="status" aria-label="Import progress">
            <div className="hint">
              {progress.phase} {progress.file_name} ({progress.file_index + 1} of {progress.file_count})
            </div>
            <div className="progress">
              <span style={{ width: `${pct}%` }} />
            </div>
          </div>
        )}
        {results && (
          <ul className="file-results" aria-label="Import results">
            {results.map((r) => (
              <li key={r.path} className={r.error ? "banner-error" : "banner-ok"}>
                <strong>{r.file_name}</strong>:{" "}
                {r.summary
                  ? `${r.summary.format}: ${r.summary.counts.total} findings (${r.summary.counts.new} new, ${r.summary.counts.unchanged} unchanged, ${r.summary.counts.reopened} reopened, ${r.summary.counts.resolved} resolved, ${r.summary.counts.suppressed} suppressed)`
                  : r.error?.message}
              </li>
            ))}
          </ul>
        )}
        {error && (
          <div className="banner-error" role="alert">
            {error}
          </div>
        )}
        <div className="row">
          {!results && (
            <button className="btn btn-primary" disabled={busy || paths.length === 0 || !app.trim()} onClick={() => void run()}>
              {busy ? "Importing…" : `Import ${paths.length || ""} file${paths.length === 1 ? "" : "s"}`}
            </button>
          )}
          <button className="btn" disabled={busy} onClick={() => onClose(!!results)}>
            {results ? "Done" : "Cancel"}
          </button>
        </div>
      </section>
    </div>
  );
}
