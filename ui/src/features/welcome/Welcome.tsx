import { useState } from "react";
import { call, commands, messageOf, type AppInfo, type WelcomeChoice } from "../../ipc";
import { Icon } from "../../app/icons";
import "./welcome.css";

const STEPS = ["Connect Jira", "Map projects", "Map fields", "Send a test ticket"];

/** First-run screen: explains the flow and offers the two ways to start. */
export function Welcome({ onDone }: { onDone: (info: AppInfo, choice: WelcomeChoice) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function choose(choice: WelcomeChoice) {
    setBusy(true);
    try {
      onDone(await call(commands.completeWelcome(choice)), choice);
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  }

  return (
    <div className="welcome">
      <div className="welcome-inner">
        <img className="welcome-logo" src="/icon.png" alt="Vulnbridge" />
        <h1>Welcome to Vulnbridge</h1>
        <p className="lead">
          Turn scanner findings into Jira tickets, exactly once, and keep status and comments in sync
          both ways while Vulnbridge runs quietly in your tray.
        </p>
        <ol className="steps" aria-label="Setup steps">
          {STEPS.map((s, i) => (
            <li key={s}>
              <b>{i + 1}</b>
              {s}
            </li>
          ))}
        </ol>
        <div className="choices">
          <button className="choice" disabled={busy} onClick={() => choose("connectJira")}>
            <Icon name="jira" />
            <h2>Connect Jira</h2>
            <p>Jira Cloud or Data Center. Sign in with OAuth, an API token or a personal access token.</p>
            <span className="cta">Connect Jira →</span>
          </button>
          <button className="choice primary" disabled={busy} onClick={() => choose("trySandbox")} autoFocus>
            <Icon name="sandbox" />
            <h2>
              Try with the local sandbox <span className="badge">Start here</span>
            </h2>
            <p>No account needed: a Jira emulator runs on this machine with demo projects and users.</p>
            <span className="cta">Try with the local sandbox →</span>
          </button>
        </div>
        {error && (
          <div className="banner-error" role="alert">
            {error}
          </div>
        )}
        <div className="welcome-foot">
          <span>Credentials live only in your system keyring.</span>
          <span>Nothing is sent to Jira until you map a project and preview the payload.</span>
        </div>
      </div>
    </div>
  );
}
