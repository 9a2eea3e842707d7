import { lazy, Suspense } from 'react';
import { Loading } from '../../components/Loading';

/** The directory pages load on their own chunk, keeping the landing page small. */
export const LazyFindDoPage = lazy(() => import('./FindDoPage').then((m) => ({ default: m.FindDoPage })));
export const LazyProfilePage = lazy(() => import('./ProfilePage').then((m) => ({ default: m.ProfilePage })));
const DirectoryAdminPage = lazy(() =>
  import('./DirectoryAdminPage').then((m) => ({ default: m.DirectoryAdminPage })),
);

/** The admin's listings page, loaded on demand inside the signed-in app. */
export function LazyDirectoryAdminPage() {
  return (
    <Suspense fallback={<Loading />}>
      <DirectoryAdminPage />
    </Suspense>
  );
}
