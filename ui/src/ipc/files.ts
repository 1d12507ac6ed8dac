// Drag and drop of files onto the window: Tauri hands us real paths (the webview's own
// drop events only carry file contents).
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { Channel } from "@tauri-apps/api/core";

export type DropState = { kind: "over" } | { kind: "leave" } | { kind: "drop"; paths: string[] };

/** Subscribes to file drags over the window; returns the unsubscribe function. */
export async function onFileDrop(cb: (state: DropState) => void): Promise<() => void> {
  try {
    return await getCurrentWebview().onDragDropEvent((event) => {
      const p = event.payload;
      if (p.type === "over" || p.type === "enter") cb({ kind: "over" });
      else if (p.type === "leave") cb({ kind: "leave" });
      else if (p.type === "drop") cb({ kind: "drop", paths: p.paths });
    });
  } catch {
    // Outside Tauri (unit tests) there is no window to listen to.
    return () => {};
  }
}

/** A typed stream of messages from a command (progress reports). */
export function channel<T>(onMessage: (message: T) => void): Channel<T> {
  const ch = new Channel<T>();
  ch.onmessage = onMessage;
  return ch;
}
