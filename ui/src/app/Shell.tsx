import { useEffect, useState, type ReactNode } from "react";
import { events, type Page, type SyncStatus } from "../ipc";
import { Icon } from "./icons";
import { PAGES } from "./pages";
import { SyncFooter } from "./SyncFooter";
import "./shell.css";

interface ShellProps {
  initialPage: Page;
  syncStatus: SyncStatus;
  render: (page: Page, go: (page: Page) => void) => ReactNode;
}

/** The window frame: sidebar navigation, sync footer, and the current page. */
export function Shell({ initialPage, syncStatus, render }: ShellProps) {
  const [page, setPage] = useState<Page>(initialPage);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const n = Number.parseInt(e.key, 10);
      const target = PAGES[n - 1];
      if (target) {
        e.preventDefault();
        setPage(target.id);
      }
    };
    window.addEventListener("keydown", onKey);
    const unlisten = events.navigateRequested.listen((e) => setPage(e.payload.page));
    return () => {
      window.removeEventListener("keydown", onKey);
      void unlisten.then((off) => off());
    };
  }, []);

  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="brand">
          <img src="/icon.png" alt="" />
          <div>
            <div className="brand-name">Vulnbridge</div>
            <div className="brand-tag">Findings ⇄ Jira</div>
          </div>
        </div>
        <nav className="nav" aria-label="Main">
          {PAGES.map((p, i) => (
            <button
              key={p.id}
              className="nav-item"
              aria-current={page === p.id ? "page" : undefined}
              onClick={() => setPage(p.id)}
              title={`${p.label} (Ctrl+${i + 1})`}
            >
              <Icon name={p.icon} />
              {p.label}
              <span className="kbd">^{i + 1}</span>
            </button>
          ))}
        </nav>
        <SyncFooter initial={syncStatus} />
      </aside>
      <main className="main">{render(page, setPage)}</main>
    </div>
  );
}
