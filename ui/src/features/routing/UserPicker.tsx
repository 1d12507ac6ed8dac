import { useEffect, useState } from "react";
import { call, commands, messageOf, type UserChoice } from "../../ipc";

/** Finds a Jira user by name (Cloud: accountId; Data Center: username) for the default assignee. */
export function UserPicker({
  connectionId,
  value,
  onChange,
  label = "Default assignee",
  placeholder = "Search Jira users (leave empty for Jira's default)",
}: {
  connectionId: string;
  value: UserChoice | null;
  onChange: (u: UserChoice | null) => void;
  label?: string;
  placeholder?: string;
}) {
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<UserChoice[]>([]);
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!connectionId || query.trim().length < 2) return;
    let live = true;
    const timer = setTimeout(() => {
      call(commands.searchJiraUsers(connectionId, query)).then(
        (users) => {
          if (!live) return;
          setFound(users);
          setError(undefined);
        },
        (err: unknown) => live && setError(messageOf(err)),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [connectionId, query]);
  if (value) {
    return (
      <div className="row">
        <span className="user-chip">
          {value.displayName} {value.displayName !== value.id && <span className="mono muted small">{value.id}</span>}
        </span>
        <button className="btn btn-small" onClick={() => onChange(null)}>
          Clear
        </button>
      </div>
    );
  }
  return (
    <div className="user-picker">
      <input
        aria-label={label}
        className="map-input"
        placeholder={placeholder}
        value={query}
        disabled={!connectionId}
        onChange={(e) => setQuery(e.target.value)}
      />
      {error && <p className="field-problem">{error}</p>}
      {query.trim().length >= 2 && found.length > 0 && (
        <ul className="user-results" role="listbox" aria-label={`Users matching for ${label}`}>
          {found.map((u) => (
            <li key={u.id}>
              <button
                className="linkish"
                role="option"
                aria-selected={false}
                onClick={() => {
                  onChange(u);
                  setQuery("");
                  setFound([]);
                }}
              >
                {u.displayName} <span className="mono muted small">{u.id}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
