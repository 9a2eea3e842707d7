import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { isLeaving } from '../../lib/pendingWork';

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
  'This visit has changes the server refused or has not received. Leave anyway? They stay in this tab and come back when you reopen the visit. Choose Cancel to stay.';

/**
 * While `dirty`, closing or reloading the tab asks first (not when the app itself leaves: sign-out,
 * expired session — the autosave and the tab's rescue copy keep the work then). Following an in-app
 * link saves first when `flush` is given, and asks only if that save did not go through.
 */
export function useUnsavedChangesGuard(
  dirty: boolean,
  opts: { message?: string; flush?: () => Promise<boolean> } = {},
): void {
  const navigate = useNavigate();
  const { message = UNSAVED_MESSAGE, flush } = opts;
  useEffect(() => {
    if (!dirty) return;
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (isLeaving()) return;
      // Browsers show their own wording; preventDefault is what asks.
      e.preventDefault();
    };
    const click = (e: MouseEvent) => {
      const a = e.target instanceof Element ? e.target.closest('a[href]') : null;
      if (!(a instanceof HTMLAnchorElement)) return;
      const link = { href: a.href, target: a.target, download: a.hasAttribute('download') };
      if (!leavesScreen(e, link, new URL(window.location.href))) return;
      e.preventDefault();
      e.stopPropagation();
      const to = new URL(a.href);
      const go = () => void navigate(to.pathname + to.search + to.hash);
      if (!flush) {
        if (window.confirm(message)) go();
        return;
      }
      void flush().then((saved) => {
        if (saved || window.confirm(message)) go();
      });
    };
    window.addEventListener('beforeunload', beforeUnload);
    document.addEventListener('click', click, true);
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
      document.removeEventListener('click', click, true);
    };
  }, [dirty, message, flush, navigate]);
}
