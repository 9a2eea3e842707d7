import { lazy, Suspense } from 'react';
import { Loading } from '../../components/Loading';

/** The outcome screens load on demand: they bring the chart library, which other pages do not need. */
const MyProgressPage = lazy(() => import('./MyProgressPage'));
const EvidencePage = lazy(() => import('./EvidencePage'));
const OutcomesSection = lazy(() => import('./OutcomesSection').then((m) => ({ default: m.OutcomesSection })));

export function LazyMyProgressPage() {
  return (
    <Suspense fallback={<Loading label="Loading your progress…" />}>
      <MyProgressPage />
    </Suspense>
  );
}

export function LazyEvidencePage() {
  return (
    <Suspense fallback={<Loading label="Loading the report…" />}>
      <EvidencePage />
    </Suspense>
  );
}

export function LazyOutcomesSection(props: { patientId: string; canRecord: boolean }) {
  return (
    <Suspense fallback={<Loading label="Loading outcome scores…" />}>
      <OutcomesSection {...props} />
    </Suspense>
  );
}

const CarePlanSection = lazy(() => import('./CarePlanSection').then((m) => ({ default: m.CarePlanSection })));
const PlanReviewNotice = lazy(() =>
  import('./CarePlanSection').then((m) => ({ default: m.PlanReviewNotice })),
);

export function LazyCarePlanSection(props: { patientId: string; canEdit: boolean }) {
  return (
    <Suspense fallback={<Loading label="Loading plans of care…" />}>
      <CarePlanSection {...props} />
    </Suspense>
  );
}

export function LazyPlanReviewNotice(props: { patientId: string }) {
  return (
    <Suspense fallback={null}>
      <PlanReviewNotice {...props} />
    </Suspense>
  );
}

const InstrumentsPage = lazy(() => import('./InstrumentsPage'));

export function LazyInstrumentsPage() {
  return (
    <Suspense fallback={<Loading label="Loading instruments…" />}>
      <InstrumentsPage />
    </Suspense>
  );
}
