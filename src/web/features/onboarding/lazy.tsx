import { lazy } from 'react';

/** The public onboarding pages load on their own, keeping the landing page small. */
export const LazyInvitePage = lazy(() => import('./InvitePage').then((m) => ({ default: m.InvitePage })));
export const LazySignupPage = lazy(() => import('./SignupPage').then((m) => ({ default: m.SignupPage })));
export const LazyVerifyEmailPage = lazy(() =>
  import('./VerifyEmailPage').then((m) => ({ default: m.VerifyEmailPage })),
);
