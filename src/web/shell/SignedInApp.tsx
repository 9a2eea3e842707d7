import { Stack, Text, Title } from '@mantine/core';
import { Navigate, Route, Routes } from 'react-router';
import { STAFF_ROLES } from '../../domain/roles.ts';
import { SessionProvider, useSession } from '../auth/session';
import { usePageTitle } from '../components/usePageTitle';
import { AccountPage } from '../features/account/AccountPage';
import { MfaSetupPage } from '../features/account/MfaSetupPage';
import { AuditPage } from '../features/admin/AuditPage';
import { ClinicSettingsPage } from '../features/admin/ClinicSettingsPage';
import { UsersPage } from '../features/admin/UsersPage';
import { LazyDirectoryAdminPage } from '../features/directory/lazy';
import { MyRecordPage } from '../features/patients/MyRecordPage';
import { NewPatientPage } from '../features/patients/NewPatientPage';
import { PatientDetailPage } from '../features/patients/PatientDetailPage';
import { PatientSearchMemory } from '../features/patients/PatientSearchMemory';
import { PatientsPage } from '../features/patients/PatientsPage';
import { SignupReviewPage } from '../features/onboarding/SignupReviewPage';
import { LazyChartingPage, LazyVisitSummaryPage, LazyVisitsPage } from '../features/charting/lazy';
import {
  LazyAppointmentPage,
  LazyBookingPage,
  LazyOutboxPage,
  LazySchedulePage,
  LazyScheduleSettingsPage,
  LazyWaitlistPage,
} from '../features/scheduling/lazy';
import { LazyEvidencePage, LazyInstrumentsPage, LazyMyProgressPage } from '../features/outcomes/lazy';
import { LazyExerciseLibraryPage } from '../features/exercises/lazy';
import { homeFor } from './navigation';
import { RequireRole } from './RequireRole';
import { Shell } from './Shell';

function Home() {
  const { role } = useSession();
  return <Navigate to={homeFor(role)} replace />;
}

function NotFoundInApp() {
  usePageTitle('Page not found');
  return (
    <Stack>
      <Title order={1}>Page not found</Title>
      <Text>There is no page at this address. Use the navigation to continue.</Text>
    </Stack>
  );
}

function SignedInRoutes() {
  return (
    <Shell>
      <Routes>
        <Route index element={<Home />} />
        <Route
          path="patients"
          element={
            <RequireRole roles={STAFF_ROLES}>
              <PatientsPage />
            </RequireRole>
          }
        />
        <Route
          path="patients/new"
          element={
            <RequireRole roles={STAFF_ROLES}>
              <NewPatientPage />
            </RequireRole>
          }
        />
        <Route
          path="patients/:id"
          element={
            <RequireRole roles={STAFF_ROLES}>
              <PatientDetailPage />
            </RequireRole>
          }
        />
        <Route
          path="me"
          element={
            <RequireRole roles={['patient']}>
              <MyRecordPage />
            </RequireRole>
          }
        />
        <Route
          path="me/progress"
          element={
            <RequireRole roles={['patient']}>
              <LazyMyProgressPage />
            </RequireRole>
          }
        />
        <Route
          path="exercises"
          element={
            <RequireRole roles={['admin', 'clinician']}>
              <LazyExerciseLibraryPage />
            </RequireRole>
          }
        />
        <Route
          path="evidence"
          element={
            <RequireRole roles={['admin', 'clinician']}>
              <LazyEvidencePage />
            </RequireRole>
          }
        />
        <Route
          path="schedule"
          element={
            <RequireRole roles={STAFF_ROLES}>
              <LazySchedulePage />
            </RequireRole>
          }
        />
        <Route
          path="schedule/settings"
          element={
            <RequireRole roles={STAFF_ROLES}>
              <LazyScheduleSettingsPage />
            </RequireRole>
          }
        />
        <Route
          path="waitlist"
          element={
            <RequireRole roles={STAFF_ROLES}>
              <LazyWaitlistPage />
            </RequireRole>
          }
        />
        <Route
          path="messages"
          element={
            <RequireRole roles={['admin', 'frontdesk']}>
              <LazyOutboxPage />
            </RequireRole>
          }
        />
        <Route path="book" element={<LazyBookingPage />} />
        <Route path="appointments/:id" element={<LazyAppointmentPage />} />
        <Route
          path="patients/:id/visits"
          element={
            <RequireRole roles={STAFF_ROLES}>
              <LazyVisitsPage />
            </RequireRole>
          }
        />
        <Route
          path="visits/:id"
          element={
            <RequireRole roles={['admin', 'clinician']}>
              <LazyChartingPage />
            </RequireRole>
          }
        />
        <Route
          path="visits/:id/summary"
          element={
            <RequireRole roles={['admin', 'clinician']}>
              <LazyVisitSummaryPage />
            </RequireRole>
          }
        />
        <Route
          path="me/visits/:id"
          element={
            <RequireRole roles={['patient']}>
              <LazyVisitSummaryPage />
            </RequireRole>
          }
        />
        <Route
          path="signups"
          element={
            <RequireRole roles={['admin', 'frontdesk']}>
              <SignupReviewPage />
            </RequireRole>
          }
        />
        <Route path="account" element={<AccountPage />} />
        <Route
          path="admin/audit"
          element={
            <RequireRole roles={['admin']}>
              <AuditPage />
            </RequireRole>
          }
        />
        <Route
          path="admin/users"
          element={
            <RequireRole roles={['admin']}>
              <UsersPage />
            </RequireRole>
          }
        />
        <Route
          path="admin/instruments"
          element={
            <RequireRole roles={['admin']}>
              <LazyInstrumentsPage />
            </RequireRole>
          }
        />
        <Route
          path="admin/clinic"
          element={
            <RequireRole roles={['admin']}>
              <ClinicSettingsPage />
            </RequireRole>
          }
        />
        <Route
          path="admin/directory"
          element={
            <RequireRole roles={['admin']}>
              <LazyDirectoryAdminPage />
            </RequireRole>
          }
        />
        <Route path="*" element={<NotFoundInApp />} />
      </Routes>
    </Shell>
  );
}

/** The signed-in part of the app: loaded on demand so the public pages stay small. */
export default function SignedInApp() {
  return (
    <Routes>
      {/* Enrolment happens before the session is complete, so it has no shell and no /auth/me. */}
      <Route path="setup-mfa" element={<MfaSetupPage />} />
      <Route
        path="*"
        element={
          <SessionProvider>
            <PatientSearchMemory>
              <SignedInRoutes />
            </PatientSearchMemory>
          </SessionProvider>
        }
      />
    </Routes>
  );
}
