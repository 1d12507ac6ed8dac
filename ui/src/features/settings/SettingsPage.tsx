import { PageHeader } from "../../app/PageHeader";
import type { AppInfo } from "../../ipc";
import { Portfolio } from "./Portfolio";
import { PreferencesCard } from "./PreferencesCard";
import { WatchedFolders } from "./WatchedFolders";
import "./settings.css";

export function SettingsPage({ info }: { info: AppInfo }) {
  return (
    <div className="page" style={{ display: "grid", gap: 18, alignContent: "start" }}>
      <PageHeader title="Settings" subtitle="Where Vulnbridge keeps its data, and how it runs." />
      <section className="card" aria-label="Installation">
        <dl className="facts">
          <dt>Version</dt>
          <dd data-testid="app-version">{info.version}</dd>
          <dt>Data folder</dt>
          <dd data-testid="data-dir">{info.dataDir}</dd>
          <dt>Database</dt>
          <dd>{info.databaseFile}</dd>
          <dt>Schema version</dt>
          <dd>{info.schemaVersion}</dd>
          <dt>Log folder</dt>
          <dd>{info.logDir}</dd>
        </dl>
      </section>
      <PreferencesCard />
      <Portfolio />
      <WatchedFolders />
    </div>
  );
}
