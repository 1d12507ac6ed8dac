import type { Page } from "../ipc";
import type { IconName } from "./icons";

export interface PageDef {
  id: Page;
  label: string;
  icon: IconName;
}

/** The app's navigation, in order; Ctrl+1..5 jumps to each. */
export const PAGES: PageDef[] = [
  { id: "findings", label: "Findings", icon: "findings" },
  { id: "connections", label: "Connections", icon: "connections" },
  { id: "routing", label: "Routing", icon: "routing" },
  { id: "activity", label: "Activity", icon: "activity" },
  { id: "settings", label: "Settings", icon: "settings" },
];
