import { useEffect, useState, type FormEvent } from "react";
import {
  call,
  commands,
  events,
  messageOf,
  type AuthDraft,
  type ConnectionDraft,
  type ConnectionView,
  type SiteChoice,
  type TestReport,
} from "../../ipc";
import { METHODS, methodDef, type Deployment } from "./methods";
import { OAuthHelp } from "./OAuthHelp";

interface Props {
  onSaved: (view: ConnectionView) => void;
  onCancel: () => void;
  /** Edit this saved connection instead of adding one. */
  editing?: ConnectionView;
}

function fieldsOf(v: ConnectionView | undefined): Fields {
  const a = v?.auth;
  return {
    name: v?.name ?? "",
    siteUrl: v?.siteUrl ?? "",
    account: a?.method === "cloudApiToken" ? a.email : a?.method === "dcBasic" ? a.username : "",
    secret: "",
    clientId: a?.method === "cloudOauth" || a?.method === "dcOauth" ? a.clientId : "",
    callbackPort: String(a?.method === "cloudOauth" || a?.method === "dcOauth" ? a.callbackPort : 9876),
  };
}

interface Fields {
  name: string;
  siteUrl: string;
  account: string;
  secret: string;
  clientId: string;
  callbackPort: string;
}

interface SignInState {
  connectionId: string;
  link?: string;
  sites?: SiteChoice[];
}

function authOf(method: AuthDraft["method"], f: Fields): AuthDraft {
  switch (method) {
    case "cloudApiToken":
      return { method, email: f.account };
    case "dcBasic":
      return { method, username: f.account };
    case "dcPat":
      return { method };
    case "cloudOauth":
    case "dcOauth":
      return { method, clientId: f.clientId, callbackPort: Number.parseInt(f.callbackPort, 10) || 9876 };
  }
}

/** Connect Jira: where (Cloud / Data Center) → how (sign-in method) → details, test, save. */
export function ConnectionWizard({ onSaved, onCancel, editing }: Props) {
  const [deployment, setDeployment] = useState<Deployment | undefined>(editing ? (editing.cloud ? "cloud" : "dataCenter") : undefined);
  const [method, setMethod] = useState<AuthDraft["method"] | undefined>(editing?.auth.method);
  const [fields, setFields] = useState<Fields>(() => fieldsOf(editing));
  const [busy, setBusy] = useState<"test" | "save" | "signIn">();
  const [signIn, setSignIn] = useState<SignInState>();
  // Set once an OAuth connection was saved, so a retried sign-in updates it.
  const [savedId, setSavedId] = useState<string | undefined>(editing?.id);

  useEffect(() => {
    const off = events.signInWaiting.listen((e) =>
      setSignIn((cur) => (cur && cur.connectionId === e.payload.connectionId ? { ...cur, link: e.payload.authorizeUrl } : cur)),
    );
    return () => {
      void off.then((f) => f());
    };
  }, []);
  const [error, setError] = useState<string>();
  const [report, setReport] = useState<TestReport>();

  const def = method ? methodDef(method) : undefined;
  const step = !deployment ? 1 : !method ? 2 : 3;

  function update(key: keyof Fields, value: string) {
    setFields((f) => ({ ...f, [key]: value }));
    setReport(undefined);
  }

  function draft(): ConnectionDraft {
    return { id: savedId ?? null, name: fields.name, siteUrl: fields.siteUrl, auth: authOf(method!, fields) };
  }

  async function run(kind: "test" | "save") {
    setBusy(kind);
    setError(undefined);
    try {
      if (kind === "test") {
        setReport(await call(commands.testConnectionDraft(draft(), fields.secret)));
      } else if (def?.oauth) {
        const saved = await call(commands.saveConnection(draft(), fields.secret));
        setSavedId(saved.id);
        await startSignIn(saved.id);
      } else {
        onSaved(await call(commands.saveConnection(draft(), fields.secret)));
      }
    } catch (err) {
      setReport(undefined);
      setError(messageOf(err));
    } finally {
      setBusy(undefined);
    }
  }

  async function startSignIn(connectionId: string) {
    setSignIn({ connectionId });
    setBusy("signIn");
    const result = await call(commands.signIn(connectionId));
    if (result.siteChoices.length > 0) {
      setSignIn({ connectionId, sites: result.siteChoices });
    } else {
      onSaved(result.connection);
    }
  }

  async function pickSite(site: SiteChoice) {
    if (!signIn) return;
    setBusy("signIn");
    setError(undefined);
    try {
      onSaved(await call(commands.chooseSite(signIn.connectionId, site)));
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(undefined);
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    void run("save");
  }

  return (
    <section className="card wizard" aria-label={editing ? `Edit ${editing.name}` : "Connect Jira"}>
      <div className="wizard-steps" aria-label="Steps">
        <span aria-current={step === 1 ? "step" : undefined}>1. Where</span>›
        <span aria-current={step === 2 ? "step" : undefined}>2. Sign-in method</span>›
        <span aria-current={step === 3 ? "step" : undefined}>3. Details</span>
      </div>

      {step === 1 && (
        <div className="option-grid" role="group" aria-label="Jira deployment">
          <button className="option" onClick={() => setDeployment("cloud")}>
            <h3>Jira Cloud</h3>
            <p>Your site lives at something.atlassian.net.</p>
          </button>
          <button className="option" onClick={() => setDeployment("dataCenter")}>
            <h3>Jira Data Center or Server</h3>
            <p>Jira your company runs itself, e.g. jira.example.com.</p>
          </button>
        </div>
      )}

      {step === 2 && deployment && (
        <div className="option-grid" role="group" aria-label="Sign-in method">
          {METHODS[deployment].map((m) => (
            <button key={m.method} className="option" onClick={() => setMethod(m.method)}>
              <h3>
                {m.title}
                {m.recommended && <span className="badge">Recommended</span>}
                {m.warning && <span className="badge warn">Discouraged</span>}
              </h3>
              <p>{m.blurb}</p>
            </button>
          ))}
        </div>
      )}

      {step === 3 && def && (
        <form className="form" onSubmit={submit} autoComplete="off">
          {def.warning && (
            <div className="banner-warn" role="note">
              {def.warning}
            </div>
          )}
          <Field id="conn-name" label="Name" hint="How this connection appears in Vulnbridge.">
            <input id="conn-name" value={fields.name} onChange={(e) => update("name", e.target.value)} placeholder="Acme Jira" autoFocus required />
          </Field>
          <Field id="conn-site" label="Site address" hint={deployment === "cloud" ? "e.g. https://acme.atlassian.net" : "e.g. https://jira.example.com (include a context path like /jira if your server uses one)"}>
            <input id="conn-site" value={fields.siteUrl} onChange={(e) => update("siteUrl", e.target.value)} placeholder={deployment === "cloud" ? "https://acme.atlassian.net" : "https://jira.example.com"} required />
          </Field>
          {def.oauth && deployment && (
            <OAuthHelp deployment={deployment} port={Number.parseInt(fields.callbackPort, 10) || 9876} />
          )}
          {def.oauth && (
            <>
              <Field id="conn-client-id" label="Client ID">
                <input id="conn-client-id" value={fields.clientId} onChange={(e) => update("clientId", e.target.value)} required />
              </Field>
              <Field id="conn-port" label="Callback port" hint="Must match the port in the registered callback URL.">
                <input
                  id="conn-port"
                  inputMode="numeric"
                  value={fields.callbackPort}
                  onChange={(e) => update("callbackPort", e.target.value.replace(/[^0-9]/g, ""))}
                  required
                />
              </Field>
            </>
          )}
          {(method === "cloudApiToken" || method === "dcBasic") && (
            <Field id="conn-account" label={method === "cloudApiToken" ? "Atlassian account email" : "Jira user name"}>
              <input id="conn-account" value={fields.account} onChange={(e) => update("account", e.target.value)} required />
            </Field>
          )}
          <Field
            id="conn-secret"
            label={def.secretLabel}
            hint={
              editing
                ? "Leave empty to keep the one saved in your system keyring."
                : "Stored only in your system keyring. Never written to disk or logs."
            }
          >
            <input id="conn-secret" type="password" value={fields.secret} onChange={(e) => update("secret", e.target.value)} required={!editing} />
          </Field>
          {error && (
            <div className="banner-error" role="alert">
              {error}
            </div>
          )}
          {report && <ReportBanner report={report} />}
          {signIn && !signIn.sites && busy === "signIn" && (
            <div className="explain" role="status" aria-label="Waiting for the browser">
              <strong>Approve Vulnbridge in your browser.</strong> This page continues by itself once you accept.
              {signIn.link && (
                <div className="row" style={{ marginTop: 8 }}>
                  <span className="hint">No browser opened?</span>
                  <button type="button" className="btn btn-small" onClick={() => void navigator.clipboard?.writeText(signIn.link ?? "")}>
                    Copy the sign-in link
                  </button>
                  <code data-testid="sign-in-link" className="visually-hidden">
                    {signIn.link}
                  </code>
                </div>
              )}
            </div>
          )}
          {signIn?.sites && (
            <div className="field" role="group" aria-label="Choose your Jira site" ref={(el) => el?.scrollIntoView?.({ block: "center" })}>
              <label>Your account reaches several Jira sites. Which one should this connection use?</label>
              <div className="option-grid">
                {signIn.sites.map((site) => (
                  <button type="button" key={site.cloudId} className="option" disabled={!!busy} onClick={() => void pickSite(site)}>
                    <h3>{site.name}</h3>
                    <p>{site.url}</p>
                  </button>
                ))}
              </div>
            </div>
          )}
          <div className="row">
            {!def.oauth && (
              <button type="button" className="btn" disabled={!!busy} onClick={() => void run("test")}>
                {busy === "test" ? "Testing…" : "Test connection"}
              </button>
            )}
            <button type="submit" className="btn btn-primary" disabled={!!busy || !!signIn?.sites}>
              {busy === "save" ? "Connecting…" : busy === "signIn" ? "Waiting for the browser…" : def.oauth ? "Save and sign in" : "Save connection"}
            </button>
            <button type="button" className="btn" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </form>
      )}

      {step < 3 && (
        <div className="row">
          {step > 1 && (
            <button className="btn" onClick={() => (step === 2 ? setDeployment(undefined) : setMethod(undefined))}>
              Back
            </button>
          )}
          <button className="btn" onClick={onCancel}>
            Cancel
          </button>
        </div>
      )}
    </section>
  );
}

function Field({ id, label, hint, children }: { id: string; label: string; hint?: string; children: React.ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && <span className="hint">{hint}</span>}
    </div>
  );
}

export function ReportBanner({ report }: { report: TestReport }) {
  return (
    <div className="banner-ok" role="status">
      <strong>Connected as {report.displayName}.</strong> {report.visibleProjects} project
      {report.visibleProjects === 1 ? "" : "s"} visible · Jira {report.deploymentType} {report.serverVersion}
      {report.warnings.map((w) => (
        <div key={w} className="hint">
          {w}
        </div>
      ))}
    </div>
  );
}
