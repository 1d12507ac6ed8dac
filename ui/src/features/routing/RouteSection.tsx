import { useCallback } from "react";
import { useAsync } from "../../app/useAsync";
import { call, commands, type FindingId } from "../../ipc";
import "./routing.css";

const VERDICT: Record<string, string> = {
  chosen: "Routes it",
  shadowed: "Would match",
  filtered_out: "Does not apply",
  out_of_scope: "Other scope",
};

/** "Why does this finding route here": the rule the sync engine would use, and why. */
export function RouteSection({ findingId }: { findingId: FindingId }) {
  const load = useCallback(() => call(commands.explainFindingRoute(findingId)), [findingId]);
  const route = useAsync(load);
  const r = route.data;
  const relevant = r?.checks.filter((c) => c.verdict !== "out_of_scope") ?? [];
  return (
    <section className="route-section" aria-label="Routing">
      <h3>Routing</h3>
      {route.error && <p className="field-problem">{route.error}</p>}
      {r && (
        <>
          {r.chosen && (
            <p>
              <span className="badge">{r.chosen.projectKey ?? r.chosen.projectId}</span> {r.chosen.issueTypeName ?? ""} · rule “{r.chosen.name}”
            </p>
          )}
          <p className="muted">{r.explanation}</p>
          {relevant.length > 0 && (
            <ul className="route-checks">
              {relevant.map((c) => (
                <li key={c.ruleId} className={`verdict-${c.verdict}`}>
                  <strong>{c.ruleName}</strong> — {VERDICT[c.verdict]}: {c.reason}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
