import { lazy, Suspense } from 'react';
import { Loading } from '../../components/Loading';

/** The exercise screens load on demand, like the other clinical sections of the record. */
const LibraryPage = lazy(() => import('./LibraryPage'));
const ExercisesSection = lazy(() =>
  import('./ExercisesSection').then((m) => ({ default: m.ExercisesSection })),
);
const MyExercises = lazy(() => import('./MyExercises').then((m) => ({ default: m.MyExercises })));

export function LazyExerciseLibraryPage() {
  return (
    <Suspense fallback={<Loading label="Loading the exercise library…" />}>
      <LibraryPage />
    </Suspense>
  );
}

export function LazyExercisesSection(props: { patientId: string; canEdit: boolean }) {
  return (
    <Suspense fallback={<Loading label="Loading home exercises…" />}>
      <ExercisesSection {...props} />
    </Suspense>
  );
}

export function LazyMyExercises(props: { patientId: string }) {
  return (
    <Suspense fallback={<Loading label="Loading your exercises…" />}>
      <MyExercises {...props} />
    </Suspense>
  );
}
