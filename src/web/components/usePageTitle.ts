import { useEffect } from 'react';

/** Sets `document.title` for the page, so every screen is announced and bookmarked by name. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Stillpoint` : 'Stillpoint';
  }, [title]);
}
