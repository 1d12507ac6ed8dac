import { useState } from "react";
import { Shell } from "./app/Shell";
import { useAsync } from "./app/useAsync";
import { ActivityPage } from "./features/activity/ActivityPage";
import { ConnectionsPage, type ConnectionsStart } from "./features/connections/ConnectionsPage";
import { FindingsPage } from "./features/findings/FindingsPage";
import { RoutingPage } from "./features/routing/RoutingPage";
import { SettingsPage } from "./features/settings/SettingsPage";
import { Welcome } from "./features/welcome/Welcome";
import { call, commands, type AppInfo, type Page, type WelcomeChoice } from "./ipc";

async function loadStart() {
  const [info, sync] = await Promise.all([call(commands.getAppInfo()), commands.getSyncStatus()]);
  return { info, sync };
}

export function App() {
  const start = useAsync(loadStart);
  const [firstPage, setFirstPage] = useState<Page>("findings");
  const [connectionsStart, setConnectionsStart] = useState<ConnectionsStart>();

  if (start.loading) return <div className="boot" aria-busy="true" />;
  if (start.error || !start.data) {
    return (
      <div className="page">
        <div className="banner-error" role="alert">
          Vulnbridge could not start: {start.error}
        </div>
      </div>
    );
  }
  const { info, sync } = start.data;
  if (!info.welcomeCompleted) {
    return (
      <Welcome
        onDone={(next: AppInfo, choice: WelcomeChoice) => {
          setFirstPage("connections");
          setConnectionsStart(choice === "trySandbox" ? "sandbox" : "wizard");
          start.set({ info: next, sync });
        }}
      />
    );
  }
  return (
    <Shell
      initialPage={firstPage}
      syncStatus={sync}
      render={(page) => {
        switch (page) {
          case "findings":
            return <FindingsPage />;
          case "connections":
            return <ConnectionsPage start={connectionsStart} onStarted={() => setConnectionsStart(undefined)} />;
          case "routing":
            return <RoutingPage />;
          case "activity":
            return <ActivityPage />;
          case "settings":
            return <SettingsPage info={info} />;
        }
      }}
    />
  );
}
