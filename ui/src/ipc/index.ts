// The only module that talks to Tauri. Everything typed comes from the generated bindings.
import { commands, events } from "./bindings";
import type { AppError } from "./bindings";

export * from "./bindings";

type CommandResult<T> = { status: "ok"; data: T } | { status: "error"; error: AppError };

/** Turns a command's result into a value, throwing an {@link IpcError} on failure. */
export async function call<T>(result: Promise<CommandResult<T>>): Promise<T> {
  const r = await result;
  if (r.status === "error") throw new IpcError(r.error);
  return r.data;
}

/** An error from the backend, with its stable code and a human message. */
export class IpcError extends Error {
  readonly code: string;
  constructor(err: AppError) {
    super(err.message);
    this.code = err.code;
  }
}

/** A human message for anything thrown by a command call. */
export function messageOf(err: unknown): string {
  if (err instanceof IpcError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

export { commands, events };
