import { useEffect, useRef, type RefObject } from 'react';

/**
 * Moves keyboard focus when an inline form opens or closes: into the first field of `openRef`
 * when `open` turns true, back to `closedRef` (the button that opened it) when it turns false.
 */
export function useFocusWhen(
  open: boolean,
  openRef: RefObject<HTMLElement | null>,
  closedRef: RefObject<HTMLElement | null>,
): void {
  const previous = useRef(open);
  useEffect(() => {
    if (previous.current === open) return;
    previous.current = open;
    const frame = window.requestAnimationFrame(() => {
      if (open) openRef.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
      else closedRef.current?.focus();
    });
    return () => window.cancelAnimationFrame(frame);
  }, [open, openRef, closedRef]);
}
