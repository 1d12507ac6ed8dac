// A fake backend for component tests: per-command handlers over Tauri's mocked IPC (events
// mocked too), recording every call so tests can assert what the UI sent.
import { mockIPC } from "@tauri-apps/api/mocks";

export type Handler = (args: Record<string, unknown>) => unknown;

export interface Call {
  cmd: string;
  args: Record<string, unknown>;
}

/** Answers commands from `handlers`; an unknown command fails like the real backend would. */
export function fakeBackend(handlers: Record<string, Handler>): Call[] {
  const calls: Call[] = [];
  mockIPC(
    (cmd, args) => {
      const a = (args ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args: a });
      const h = handlers[cmd];
      if (!h) throw { code: "unknown_command", message: `no mock for ${cmd}` };
      return h(a);
    },
    { shouldMockEvents: true },
  );
  return calls;
}
