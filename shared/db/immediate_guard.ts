/**
 * Deno (2.5) can still run an immediate after clearImmediate cancelled it: the event loop picks
 * the due immediates before it delivers socket data, and a cancellation made while that data is
 * handled does not reach the already picked batch (denoland/deno#29262). postgres.js batches
 * small writes behind `setImmediate(nextWrite)` and cancels that immediate when a later write
 * flushes the batch early; the stale run then writes `null` to the socket and the uncaught
 * TypeError ends the process. postgres.js looks the timer functions up on the global object at
 * every call, so wrapping them there makes every cancelled immediate a no-op.
 */

type SetImmediate = (callback: (...args: unknown[]) => void, ...args: unknown[]) => unknown;
type ClearImmediate = (handle: unknown) => void;

export interface ImmediateTimers {
  setImmediate: SetImmediate;
  clearImmediate: ClearImmediate;
}

const INSTALLED = Symbol.for("grc20.immediateGuard");

/**
 * Replaces `target.setImmediate` and `target.clearImmediate` (the global object by default)
 * with guarded ones: a cleared immediate never runs its callback. Installing twice is a no-op.
 */
export function installImmediateGuard(
  target: ImmediateTimers = globalThis as unknown as ImmediateTimers,
) {
  const marked = target as ImmediateTimers & { [INSTALLED]?: true };
  if (marked[INSTALLED]) return;
  const setImmediate = target.setImmediate;
  const clearImmediate = target.clearImmediate;
  const cancelled = new WeakSet<object>();

  const guardedSet: SetImmediate = (callback, ...args) => {
    const handle = setImmediate((...given: unknown[]) => {
      if (!isObject(handle) || !cancelled.has(handle)) callback(...given);
    }, ...args);
    return handle;
  };
  const guardedClear: ClearImmediate = (handle) => {
    if (isObject(handle)) cancelled.add(handle);
    clearImmediate(handle);
  };
  // Keeps extras such as util.promisify.custom.
  copyExtraProperties(setImmediate, guardedSet);
  target.setImmediate = guardedSet;
  target.clearImmediate = guardedClear;
  marked[INSTALLED] = true;
}

function isObject(value: unknown): value is object {
  return (typeof value === "object" || typeof value === "function") && value !== null;
}

function copyExtraProperties(from: object, to: object) {
  for (const key of Reflect.ownKeys(from)) {
    if (key === "length" || key === "name" || key === "prototype") continue;
    const descriptor = Object.getOwnPropertyDescriptor(from, key);
    if (descriptor) Object.defineProperty(to, key, descriptor);
  }
}
