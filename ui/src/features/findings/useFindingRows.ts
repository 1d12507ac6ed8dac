import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { call, commands, messageOf, type FindingQuery, type FindingRow } from "../../ipc";

export const PAGE = 200;

interface Loaded {
  key: string;
  total: number;
  pages: Map<number, FindingRow[]>;
}

/** Rows of a query, fetched page by page as the table scrolls to them. */
export function useFindingRows(query: FindingQuery, version: number) {
  const key = useMemo(() => `${version}:${JSON.stringify(query)}`, [query, version]);
  const [loaded, setLoaded] = useState<Loaded>();
  const [error, setError] = useState<string>();
  const inflight = useRef(new Set<string>());

  useEffect(() => {
    let live = true;
    call(commands.queryFindings({ ...query, offset: 0, limit: PAGE })).then(
      (page) => {
        if (!live) return;
        setLoaded({ key, total: page.total, pages: new Map([[0, page.rows]]) });
        setError(undefined);
      },
      (err: unknown) => live && setError(messageOf(err)),
    );
    return () => {
      live = false;
    };
  }, [key, query]);

  const current = loaded?.key === key ? loaded : undefined;

  const ensure = useCallback(
    (index: number) => {
      if (!current) return;
      const p = Math.floor(index / PAGE);
      const tag = `${key}#${p}`;
      if (current.pages.has(p) || inflight.current.has(tag)) return;
      inflight.current.add(tag);
      call(commands.queryFindings({ ...query, offset: p * PAGE, limit: PAGE })).then(
        (page) =>
          setLoaded((old) => (old && old.key === key ? { ...old, pages: new Map(old.pages).set(p, page.rows) } : old)),
        (err: unknown) => setError(messageOf(err)),
      );
    },
    [current, key, query],
  );

  const rowAt = useCallback((index: number) => current?.pages.get(Math.floor(index / PAGE))?.[index % PAGE], [current]);

  return { total: current?.total, rowAt, ensure, error };
}
