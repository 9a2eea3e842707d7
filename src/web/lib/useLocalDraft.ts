import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Keeps a form's unsaved typing in this tab's sessionStorage, so it survives an idle sign-out or a reload
 * and can be offered back. Keyed by user and form, so one person never sees another's draft on a
 * shared computer. The draft is cleared when the form is saved or the person discards it.
 *
 * The draft may hold patient details, so it is kept only as long as it is useful: removed on save,
 * cancel and discard, when the person signs out deliberately ({@link clearAllDrafts}), and ignored
 * (and removed) after {@link DRAFT_MAX_AGE_MS}. Only a sign-out the person did not choose (idle
 * timeout, expired session) leaves it for them to restore. The storage key does not name the
 * record: the form id is hashed.
 */
export interface LocalDraft<T> {
  /** A draft saved earlier (another visit, before a sign-out), not yet restored or discarded. */
  pending: { value: T; savedAt: string } | null;
  /** Call with the form's current values while the person edits. */
  save: (value: T) => void;
  /** Removes the stored draft (after a successful save, a cancel or a discard). */
  clear: () => void;
  /** Hands back the pending draft's value and stops offering it. */
  restore: () => T | null;
}

const PREFIX = 'stillpoint.draft.';
/** A draft older than a session's longest life (12 h) is not offered any more. */
export const DRAFT_MAX_AGE_MS = 12 * 3_600_000;

/** FNV-1a, 32 bits: enough to keep record ids out of the storage keys. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

export function draftKey(userId: string, formId: string): string {
  return `${PREFIX}${hash(`${userId}:${formId}`)}`;
}

function read<T>(key: string, now = Date.now()): { value: T; savedAt: string } | null {
  try {
    const raw = window.sessionStorage.getItem(key);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as { value?: T; savedAt?: string };
    const at = Date.parse(parsed?.savedAt ?? '');
    if (parsed?.value === undefined || Number.isNaN(at) || now - at > DRAFT_MAX_AGE_MS) {
      window.sessionStorage.removeItem(key);
      return null;
    }
    return { value: parsed.value, savedAt: parsed.savedAt! };
  } catch {
    return null;
  }
}

/** Removes every form draft on this device (a deliberate sign-out). */
export function clearAllDrafts(): void {
  try {
    const keys: string[] = [];
    for (let i = 0; i < window.sessionStorage.length; i++) {
      const key = window.sessionStorage.key(i);
      if (key?.startsWith(PREFIX)) keys.push(key);
    }
    for (const key of keys) window.sessionStorage.removeItem(key);
  } catch {
    // storage unavailable: nothing was stored
  }
}

export function useLocalDraft<T>(userId: string, formId: string, debounceMs = 400): LocalDraft<T> {
  const key = draftKey(userId, formId);
  const [pending, setPending] = useState(() => read<T>(key));
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => {
    setPending(read<T>(key));
    return () => window.clearTimeout(timer.current);
  }, [key]);

  const save = useCallback(
    (value: T) => {
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => {
        try {
          window.sessionStorage.setItem(key, JSON.stringify({ value, savedAt: new Date().toISOString() }));
        } catch {
          // Storage full or disabled: the form still works, only without a draft.
        }
      }, debounceMs);
    },
    [key, debounceMs],
  );

  const clear = useCallback(() => {
    window.clearTimeout(timer.current);
    try {
      window.sessionStorage.removeItem(key);
    } catch {
      // nothing stored
    }
    setPending(null);
  }, [key]);

  const restore = useCallback(() => {
    const value = pending?.value ?? null;
    setPending(null);
    return value;
  }, [pending]);

  return { pending, save, clear, restore };
}
