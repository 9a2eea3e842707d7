import { lazy } from 'react';

/** The directory pages load on their own chunk, keeping the landing page small. */
export const LazyFindDoPage = lazy(() => import('./FindDoPage').then((m) => ({ default: m.FindDoPage })));
export const LazyProfilePage = lazy(() => import('./ProfilePage').then((m) => ({ default: m.ProfilePage })));
