import { useState, type FormEvent } from "react";
import { useAsync } from "../../app/useAsync";
import { call, commands, messageOf, type WatchedFolder } from "../../ipc";

const load = () => call(commands.listWatchedFolders());

/** Folders whose new scan files are imported automatically while Vulnbridge runs. */
export function WatchedFolders() {
  const folders = useAsync(load);
  const [path, setPath] = useState("");
  const [application, setApplication] = useState("");
  const [error, setError] = useState<string>();

  async function run(action: () => Promise<WatchedFolder[]>) {
    try {
      folders.set(await action());
      setError(undefined);
    } catch (err) {
      setError(messageOf(err));
    }
  }

  async function browse() {
    try {
      const picked = await call(commands.pickFolder());
      if (picked) setPath(picked);
    } catch (err) {
      setError(messageOf(err));
    }
  }

  function add(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      const list = await call(commands.addWatchedFolder(path, application));
      setPath("");
      return list;
    });
  }

  return (
    <section className="card" aria-label="Watched folders" style={{ display: "grid", gap: 14 }}>
      <div>
        <h2 style={{ fontSize: 16 }}>Watched folders</h2>
        <p className="hint">
          New or changed scan files (.json, .sarif, .xml, .csv, .jsonl) dropped here are imported into their application,
          once per content.
        </p>
      </div>
      {(folders.data ?? []).length > 0 && (
        <ul className="watched-list">
          {(folders.data ?? []).map((f) => (
            <li key={f.id}>
              <code>{f.path}</code> → <strong>{f.application}</strong>
              {!f.enabled && <span className="badge warn">Paused</span>}
              <span className="row" style={{ marginLeft: "auto" }}>
                <button className="btn btn-small" onClick={() => void run(() => call(commands.setWatchedFolderEnabled(f.id, !f.enabled)))}>
                  {f.enabled ? "Pause" : "Resume"}
                </button>
                <button className="btn btn-small" onClick={() => void run(() => call(commands.removeWatchedFolder(f.id)))}>
                  Stop watching
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      <form className="row" onSubmit={add}>
        <input className="grow" aria-label="Folder to watch" placeholder="/home/you/scans" value={path} onChange={(e) => setPath(e.target.value)} />
        <button type="button" className="btn" onClick={() => void browse()}>
          Browse…
        </button>
        <input className="grow" aria-label="Application" placeholder="Application, e.g. payments-api" value={application} onChange={(e) => setApplication(e.target.value)} />
        <button type="submit" className="btn btn-primary" disabled={!path.trim() || !application.trim()}>
          Watch folder
        </button>
      </form>
      {(error || folders.error) && (
        <div className="banner-error" role="alert">
          {error ?? folders.error}
        </div>
      )}
    </section>
  );
}
