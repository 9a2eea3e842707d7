import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { ErrorBoundary } from './components/ErrorBoundary';
import { Loading } from './components/Loading';
import { NotFoundPage } from './components/NotFoundPage';
import { LandingPage } from './features/landing/LandingPage';
import { LoginPage } from './features/login/LoginPage';
import { LazyInvitePage, LazySignupPage, LazyVerifyEmailPage } from './features/onboarding/lazy';
import { LazyFindDoPage, LazyProfilePage } from './features/directory/lazy';

// Everything behind sign-in is a separate chunk, so the public pages stay small.
const SignedInApp = lazy(() => import('./shell/SignedInApp'));
const PublicBookPage = lazy(() =>
  import('./features/scheduling/PublicBookPage').then((m) => ({ default: m.PublicBookPage })),
);

export function App() {
  return (
    <Routes>
      <Route path="/" element={<LandingPage />} />
      <Route path="/login" element={<LoginPage />} />
      <Route
        path="/book"
        element={
          <ErrorBoundary>
            <Suspense fallback={<Loading />}>
              <PublicBookPage />
            </Suspense>
          </ErrorBoundary>
        }
      />
      <Route
        path="/find-a-do"
        element={
          <ErrorBoundary>
            <Suspense fallback={<Loading />}>
              <LazyFindDoPage />
            </Suspense>
          </ErrorBoundary>
        }
      />
      <Route
        path="/find-a-do/:id"
        element={
          <ErrorBoundary>
            <Suspense fallback={<Loading />}>
              <LazyProfilePage />
            </Suspense>
          </ErrorBoundary>
        }
      />
      <Route
        path="/invite/:token"
        element={
          <ErrorBoundary>
            <Suspense fallback={<Loading />}>
              <LazyInvitePage />
            </Suspense>
          </ErrorBoundary>
        }
      />
      <Route
        path="/signup"
        element={
          <ErrorBoundary>
            <Suspense fallback={<Loading />}>
              <LazySignupPage />
            </Suspense>
          </ErrorBoundary>
        }
      />
      <Route
        path="/verify-email/:token"
        element={
          <ErrorBoundary>
            <Suspense fallback={<Loading />}>
              <LazyVerifyEmailPage />
            </Suspense>
          </ErrorBoundary>
        }
      />
      <Route
        path="/app/*"
        element={
          // The boundary also catches a failed chunk download (for example after an upgrade).
          <ErrorBoundary>
            <Suspense fallback={<Loading label="Loading Stillpoint…" />}>
              <SignedInApp />
            </Suspense>
          </ErrorBoundary>
        }
      />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
