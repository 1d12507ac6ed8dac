import { callbackUrl, type Deployment } from "./methods";

/** How to register the OAuth app or application link the wizard asks for. */
export function OAuthHelp({ deployment, port }: { deployment: Deployment; port: number }) {
  const callback = callbackUrl(port);
  if (deployment === "cloud") {
    return (
      <div className="explain" aria-label="How to register your OAuth app">
        <strong>Register your OAuth app once (about two minutes):</strong>
        <ol>
          <li>
            Open developer.atlassian.com → Developer console → Create → <em>OAuth 2.0 integration</em>.
          </li>
          <li>
            Authorization → OAuth 2.0 (3LO) → Callback URL: <code>{callback}</code>
          </li>
          <li>
            Permissions → Jira API → add <code>read:jira-work</code>, <code>write:jira-work</code>,{" "}
            <code>read:jira-user</code> and <code>manage:jira-webhook</code>. Vulnbridge also asks for{" "}
            <code>offline_access</code> to stay signed in.
          </li>
          <li>Settings → copy the Client ID and Secret into the fields below.</li>
        </ol>
      </div>
    );
  }
  return (
    <div className="explain" aria-label="How to create the application link">
      <strong>Ask a Jira admin to create an incoming application link:</strong>
      <ol>
        <li>Jira administration → Applications → Application links → Create link → External application, Incoming.</li>
        <li>
          Redirect URL: <code>{callback}</code>, permission: <em>Write</em>.
        </li>
        <li>Copy the Client ID and Client secret into the fields below.</li>
      </ol>
    </div>
  );
}
