import type { AuthDraft } from "../../ipc";

export type Deployment = "cloud" | "dataCenter";

export interface MethodDef {
  method: AuthDraft["method"];
  title: string;
  blurb: string;
  secretLabel: string;
  /** Signs in through the browser after saving. */
  oauth?: boolean;
  recommended?: boolean;
  warning?: string;
}

export const METHODS: Record<Deployment, MethodDef[]> = {
  cloud: [
    {
      method: "cloudApiToken",
      title: "API token",
      blurb: "Your Atlassian email and an API token from id.atlassian.com. Quickest to set up.",
      secretLabel: "API token",
      recommended: true,
    },
    {
      method: "cloudOauth",
      title: "OAuth 2.0 (3LO)",
      blurb: "Sign in through the browser with an OAuth app you register. No long-lived token to copy.",
      secretLabel: "Client secret",
      oauth: true,
    },
  ],
  dataCenter: [
    {
      method: "dcPat",
      title: "Personal access token",
      blurb: "A token from your Jira profile (Jira 8.14 or later). Acts with your permissions.",
      secretLabel: "Personal access token",
      recommended: true,
    },
    {
      method: "dcOauth",
      title: "OAuth 2.0 application link",
      blurb: "Sign in through the browser with an incoming application link (Jira 8.22 or later).",
      secretLabel: "Client secret",
      oauth: true,
    },
    {
      method: "dcBasic",
      title: "User name and password",
      blurb: "Works on old servers. Often disabled by admins.",
      secretLabel: "Password",
      warning:
        "Basic authentication sends your Jira password with every request and is often disabled by admins. Prefer a personal access token.",
    },
  ],
};

export function methodDef(method: AuthDraft["method"]): MethodDef | undefined {
  return [...METHODS.cloud, ...METHODS.dataCenter].find((m) => m.method === method);
}

/** The callback address OAuth apps must register (fixed port, default 9876). */
export function callbackUrl(port: number): string {
  return `http://localhost:${port}/callback`;
}
