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
        <span data-testid="sync-state">{status.paused ? "Sync paused" : labelOf(status)}</span>
      </div>
      {!status.paused && status.message && <div className="sync-line sync-message">{status.message}</div>}
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

function labelOf(status: SyncStatus): string {
  switch (status.state) {
    case "syncing":
      return "Syncing…";
    case "error":
      return "Last sync failed";
    default: {
      if (!status.lastRunAt) return "Sync idle";
      const at = new Date(status.lastRunAt);
      const time = Number.isNaN(at.getTime()) ? "" : ` ${at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}`;
      return status.pending > 0 ? `Synced${time} · ${status.pending} waiting` : `Synced${time}`;
    }
  }
}
