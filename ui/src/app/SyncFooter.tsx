import { useEffect, useState } from "react";
import { call, commands, events, messageOf, type SyncStatus } from "../ipc";

/** Sidebar footer: what background sync is doing, with Pause/Resume and Sync now. */
export function SyncFooter({ initial }: { initial: SyncStatus }) {
  const [status, setStatus] = useState(initial);
  const [error, setError] = useState<string>();

  useEffect(() => {
    const unlisten = events.syncStatus.listen((e) => setStatus(e.payload));
    return () => {
      void unlisten.then((off) => off());
    };
  }, []);

  async function run(action: () => Promise<SyncStatus>) {
    try {
      setStatus(await action());
      setError(undefined);
    } catch (err) {
      setError(messageOf(err));
    }
  }

  const dot = status.paused ? "paused" : status.state;
  return (
    <div className="sidebar-foot">
      <div className="sync-line" role="status" aria-live="polite" title={status.message}>
        <span className={`dot ${dot}`} />
        <span data-testid="sync-state">{status.paused ? "Sync paused" : labelOf(status.state)}</span>
      </div>
      {error && <div className="sync-line">{error}</div>}
      <div className="sync-actions">
        <button
          className="btn btn-small"
          onClick={() => run(() => call(commands.setSyncPaused(!status.paused)))}
        >
          {status.paused ? "Resume" : "Pause"}
        </button>
        <button
          className="btn btn-small"
          disabled={status.paused}
          onClick={() => run(() => call(commands.requestSync()))}
        >
          Sync now
        </button>
      </div>
    </div>
  );
}

function labelOf(state: SyncStatus["state"]): string {
  switch (state) {
    case "syncing":
      return "Syncing…";
    case "error":
      return "Last sync failed";
    default:
      return "Sync idle";
  }
}
