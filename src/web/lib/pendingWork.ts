/**
 * Work on screen that the server has not stored yet (an autosaving chart, a long form). Screens
 * register a flush; whoever is about to leave the page — the idle sign-out, "Sign out now", a link
 * out of the screen — asks them to save first, so leaving never discards what was typed.
 */
type Flush = () => Promise<unknown>;

const flushers = new Set<Flush>();
let leaving = false;

export function registerFlush(fn: Flush): () => void {
  flushers.add(fn);
  return () => {
    flushers.delete(fn);
  };
}

/** Runs every registered flush, for at most `timeoutMs`; a failing one does not stop the others. */
export async function flushPendingWork(timeoutMs = 5_000): Promise<void> {
  if (!flushers.size) return;
  const all = Promise.allSettled([...flushers].map((f) => f()));
  let timer: number | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = window.setTimeout(resolve, timeoutMs);
  });
  await Promise.race([all, timeout]);
  window.clearTimeout(timer);
}

/** Set just before the app itself replaces the page (sign-out, expired session): no "leave?" prompt. */
export function markLeaving(): void {
  leaving = true;
}

export function isLeaving(): boolean {
  return leaving;
}

/**
 * A copy of unsaved work in this tab's sessionStorage, per user and record, written as the user types
 * and removed once the server has it. It survives a sign-out for idleness (the page reloads in the same
 * tab) and a reload, and goes with the tab: nothing stays on a shared computer after it is closed.
 */
export interface Rescue<T> {
  /** The server version the copy was based on. */
  version: number;
  at: number;
  value: T;
}

const rescueKey = (userId: string, id: string) => `stillpoint:unsaved:${userId}:${id}`;

export function writeRescue<T>(userId: string, id: string, rescue: Rescue<T>): void {
  try {
    window.sessionStorage.setItem(rescueKey(userId, id), JSON.stringify(rescue));
  } catch {
    // Storage full or disabled: the autosave to the server still runs.
  }
}

export function readRescue<T>(userId: string, id: string): Rescue<T> | null {
  try {
    const raw = window.sessionStorage.getItem(rescueKey(userId, id));
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Rescue<T>;
    return typeof parsed?.version === 'number' && parsed.value !== undefined ? parsed : null;
  } catch {
    return null;
  }
}

export function clearRescue(userId: string, id: string): void {
  try {
    window.sessionStorage.removeItem(rescueKey(userId, id));
  } catch {
    // nothing to clear
  }
}
