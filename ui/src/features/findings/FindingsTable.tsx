import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, type KeyboardEvent } from "react";
import type { FindingId, FindingRow, SortField } from "../../ipc";
import { severityLabel, STATUS_LABEL } from "./severity";

interface Props {
  total: number;
  rowAt: (index: number) => FindingRow | undefined;
  ensure: (index: number) => void;
  selected: Set<FindingId>;
  onToggle: (id: FindingId) => void;
  onToggleAll: () => void;
  active: FindingId | undefined;
  onOpen: (id: FindingId) => void;
  sort: { field: SortField; descending: boolean };
  onSort: (field: SortField) => void;
}

const COLUMNS: { label: string; field?: SortField }[] = [
  { label: "Severity", field: "severity" },
  { label: "Title", field: "title" },
  { label: "Application", field: "application" },
  { label: "Tool" },
  { label: "Location" },
  { label: "Status" },
  { label: "Last seen", field: "last_seen" },
];

/** A virtualized table: only the visible rows exist in the DOM, so 100,000 stay smooth. */
export function FindingsTable(p: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is driven by scroll, not render purity
  const virtualizer = useVirtualizer({
    count: p.total,
    getScrollElement: () => scroller.current,
    estimateSize: () => 40,
    overscan: 12,
    // Until the scroller is measured (and in tests), assume a typical window.
    initialRect: { width: 1000, height: 600 },
  });
  const items = virtualizer.getVirtualItems();

  useEffect(() => {
    for (const item of items) if (!p.rowAt(item.index)) p.ensure(item.index);
  }, [items, p]);

  function onKey(e: KeyboardEvent<HTMLDivElement>, row: FindingRow) {
    if (e.key === "Enter") p.onOpen(row.id);
    if (e.key === " ") {
      e.preventDefault();
      p.onToggle(row.id);
    }
  }

  return (
    <div className="table" role="grid" aria-rowcount={p.total} aria-label="Findings">
      <div className="thead" role="row">
        <input type="checkbox" aria-label="Select all loaded findings" onChange={p.onToggleAll} />
        {COLUMNS.map((c) =>
          c.field ? (
            <button key={c.label} role="columnheader" onClick={() => p.onSort(c.field!)} aria-sort={p.sort.field === c.field ? (p.sort.descending ? "descending" : "ascending") : "none"}>
              {c.label} {p.sort.field === c.field ? (p.sort.descending ? "↓" : "↑") : ""}
            </button>
          ) : (
            <span key={c.label} role="columnheader">
              {c.label}
            </span>
          ),
        )}
      </div>
      <div className="tbody" ref={scroller}>
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {items.map((item) => {
            const row = p.rowAt(item.index);
            const style = { position: "absolute" as const, top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` };
            if (!row) {
              return (
                <div key={item.key} className="trow" style={style} role="row" aria-busy="true">
                  <span />
                  <span className="cell muted">…</span>
                </div>
              );
            }
            return (
              <div
                key={item.key}
                className="trow"
                style={style}
                role="row"
                tabIndex={0}
                aria-selected={p.active === row.id}
                onClick={() => p.onOpen(row.id)}
                onKeyDown={(e) => onKey(e, row)}
                data-testid="finding-row"
              >
                <input
                  type="checkbox"
                  aria-label={`Select ${row.title}`}
                  checked={p.selected.has(row.id)}
                  onClick={(e) => e.stopPropagation()}
                  onChange={() => p.onToggle(row.id)}
                />
                <span className="cell sev-pill">
                  <span className={`sev-dot sev-${row.severity ?? "unknown"}`} />
                  {severityLabel(row.severity)}
                </span>
                <span className="cell" title={row.title}>
                  {row.title}
                </span>
                <span className="cell muted">{row.application}</span>
                <span className="cell muted">{row.tool}</span>
                <span className="cell muted" title={row.location}>
                  {row.location}
                </span>
                <span className="cell">
                  <span className={`status-pill ${row.status}`}>{STATUS_LABEL[row.status]}</span>
                </span>
                <span className="cell muted">{row.last_seen.slice(0, 10)}</span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
