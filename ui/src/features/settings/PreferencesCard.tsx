import { useState } from "react";
import { useAsync } from "../../app/useAsync";
import { call, commands, messageOf, type Preferences } from "../../ipc";

const load = () => call(commands.getPreferences());
const LEVELS = ["error", "warn", "info", "debug", "trace"];

/** How Vulnbridge runs: sync schedule, log level, logs and backups. */
export function PreferencesCard() {
  const prefs = useAsync(load);
  const [minutes, setMinutes] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<string>();

  async function run(action: () => Promise<Preferences | string | null>, done?: (r: Preferences | string | null) => string) {
    try {
      const result = await action();
      if (result && typeof result === "object") prefs.set(result);
      setNotice(done?.(result));
      setError(undefined);
    } catch (err) {
      setError(messageOf(err));
      setNotice(undefined);
    }
  }

  const p = prefs.data;
  return (
    <section className="card" aria-label="How Vulnbridge runs" style={{ display: "grid", gap: 14 }}>
      <h2 style={{ fontSize: 16 }}>How Vulnbridge runs</h2>
      {p && (
        <div className="prefs">
          <label>
            <span>Sync with Jira every</span>
            <input
              aria-label="Sync interval in minutes"
              inputMode="numeric"
              value={minutes ?? String(p.syncIntervalMinutes)}
              onChange={(e) => setMinutes(e.target.value.replace(/[^0-9]/g, ""))}
              onBlur={() => {
                const n = Number.parseInt(minutes ?? "", 10);
                if (!Number.isNaN(n) && n !== p.syncIntervalMinutes)
                  void run(() => call(commands.setSyncInterval(n)), () => `Background sync now runs every ${n} minute${n === 1 ? "" : "s"}.`);
                setMinutes(undefined);
              }}
            />
            <span>minutes</span>
          </label>
          <label>
            <span>Log level</span>
            <select
              aria-label="Log level"
              value={p.logLevel}
              onChange={(e) => void run(() => call(commands.setLogLevel(e.target.value)), () => "The new log level applies from the next start.")}
            >
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          </label>
          <div className="row">
            <button className="btn" onClick={() => void run(() => call(commands.openLogFolder()))}>
              Open the log folder
            </button>
            <button
              className="btn"
              onClick={() => void run(() => call(commands.backupDatabase()), (path) => `Backed up to ${String(path)}.`)}
            >
              Back up the database
            </button>
          </div>
        </div>
      )}
      {notice && (
        <div className="banner-ok" role="status">
          {notice}
        </div>
      )}
      {(error || prefs.error) && (
        <div className="banner-error" role="alert">
          {error ?? prefs.error}
        </div>
      )}
    </section>
  );
}
