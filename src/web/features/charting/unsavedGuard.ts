import { useEffect } from 'react';

/**
 * Unsaved-changes guard of the charting screen. The app uses a BrowserRouter (not a data router), so
 * react-router's useBlocker is not available: in-app links are checked by a click listener in the
 * capture phase, before the router sees the click. Closing or reloading the tab is covered by
 * `beforeunload`. Not covered: the browser's Back and Forward buttons inside the app, and
 * navigation started from code rather than from a link.
 */

export interface ClickFacts {
  button: number;
  metaKey: boolean;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  defaultPrevented: boolean;
}

export interface LinkFacts {
  /** The link's resolved URL (HTMLAnchorElement.href). */
  href: string;
  target: string;
  download: boolean;
}

/**
 * Whether a click on a link navigates this tab to another screen of the app, so that unsaved edits
 * would be lost. New tabs, downloads, links within the page and other sites (which `beforeunload`
 * covers) are not.
 */
export function leavesScreen(click: ClickFacts, link: LinkFacts, here: URL): boolean {
  if (click.defaultPrevented || click.button !== 0) return false;
  if (click.metaKey || click.ctrlKey || click.shiftKey || click.altKey) return false;
  if (link.download || (link.target !== '' && link.target !== '_self')) return false;
  let to: URL;
  try {
    to = new URL(link.href, here);
  } catch {
    return false;
  }
  if (to.origin !== here.origin) return false;
  // The charting screen keeps no state in the query or the hash: only another path replaces it.
  return to.pathname !== here.pathname;
}

export const UNSAVED_MESSAGE =
  'This visit has changes that are not saved. Leave without saving them? Choose Cancel to stay and save.';

/** While `dirty`, closing or reloading the tab and following an in-app link ask first. */
export function useUnsavedChangesGuard(dirty: boolean, message = UNSAVED_MESSAGE): void {
  useEffect(() => {
    if (!dirty) return;
    const beforeUnload = (e: BeforeUnloadEvent) => {
      // Browsers show their own wording; preventDefault is what asks.
      e.preventDefault();
    };
    const click = (e: MouseEvent) => {
      const a = e.target instanceof Element ? e.target.closest('a[href]') : null;
      if (!(a instanceof HTMLAnchorElement)) return;
      const link = { href: a.href, target: a.target, download: a.hasAttribute('download') };
      if (!leavesScreen(e, link, new URL(window.location.href))) return;
      if (window.confirm(message)) return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener('beforeunload', beforeUnload);
    document.addEventListener('click', click, true);
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
      document.removeEventListener('click', click, true);
    };
  }, [dirty, message]);
}
