import { lazy, Suspense } from 'react';
import { Loading } from '../../components/Loading';

/**
 * The charting screens load on demand: the charting page brings the safety, coding and notation
 * engines with it, which the rest of the signed-in app does not need.
 */
const VisitsPage = lazy(() => import('./VisitsPage'));
const ChartingPage = lazy(() => import('./ChartingPage'));
const VisitSummaryPage = lazy(() => import('./VisitSummaryPage'));

export function LazyVisitsPage() {
  return (
    <Suspense fallback={<Loading label="Loading visits…" />}>
      <VisitsPage />
    </Suspense>
  );
}

export function LazyChartingPage() {
  return (
    <Suspense fallback={<Loading label="Loading the visit…" />}>
      <ChartingPage />
    </Suspense>
  );
}

export function LazyVisitSummaryPage() {
  return (
    <Suspense fallback={<Loading label="Loading the visit summary…" />}>
      <VisitSummaryPage />
    </Suspense>
  );
}
