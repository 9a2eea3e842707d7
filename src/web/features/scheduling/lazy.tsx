import { lazy, Suspense } from 'react';
import { Loading } from '../../components/Loading';

/**
 * Scheduling screens, each loaded on demand (they bring luxon for time zones), so neither the
 * public pages nor the rest of the signed-in app pay for them.
 */
const BookingPage = lazy(() => import('./BookingPage').then((m) => ({ default: m.BookingPage })));
const SchedulePage = lazy(() => import('./SchedulePage').then((m) => ({ default: m.SchedulePage })));
const AppointmentPage = lazy(() => import('./AppointmentPage').then((m) => ({ default: m.AppointmentPage })));
const ScheduleSettingsPage = lazy(() =>
  import('./ScheduleSettingsPage').then((m) => ({ default: m.ScheduleSettingsPage })),
);
const WaitlistPage = lazy(() => import('./WaitlistPage').then((m) => ({ default: m.WaitlistPage })));
const OutboxPage = lazy(() => import('./OutboxPage').then((m) => ({ default: m.OutboxPage })));
const UpcomingAppointments = lazy(() => import('./UpcomingAppointments'));
const PatientAppointments = lazy(() => import('./PatientAppointments'));

export function LazyBookingPage() {
  return (
    <Suspense fallback={<Loading label="Loading booking…" />}>
      <BookingPage />
    </Suspense>
  );
}

export function LazySchedulePage() {
  return (
    <Suspense fallback={<Loading label="Loading the schedule…" />}>
      <SchedulePage />
    </Suspense>
  );
}

export function LazyAppointmentPage() {
  return (
    <Suspense fallback={<Loading label="Loading the appointment…" />}>
      <AppointmentPage />
    </Suspense>
  );
}

/** "Upcoming visits" for the patient's own record page. */
export function LazyUpcomingAppointments() {
  return (
    <Suspense fallback={<Loading label="Loading your visits…" />}>
      <UpcomingAppointments />
    </Suspense>
  );
}

/** "Appointments" section of a patient's record (staff). */
export function LazyPatientAppointments({ patientId }: { patientId: string }) {
  return (
    <Suspense fallback={<Loading label="Loading appointments…" />}>
      <PatientAppointments patientId={patientId} />
    </Suspense>
  );
}

export function LazyScheduleSettingsPage() {
  return (
    <Suspense fallback={<Loading label="Loading schedule settings…" />}>
      <ScheduleSettingsPage />
    </Suspense>
  );
}

export function LazyWaitlistPage() {
  return (
    <Suspense fallback={<Loading label="Loading the waitlist…" />}>
      <WaitlistPage />
    </Suspense>
  );
}

export function LazyOutboxPage() {
  return (
    <Suspense fallback={<Loading label="Loading messages…" />}>
      <OutboxPage />
    </Suspense>
  );
}
