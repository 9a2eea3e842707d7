import { Button, Container, Stack, Title } from '@mantine/core';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { api, isAbortError, toApiError, type ApiError } from '../api/client';
import type { MeResponse } from '../../contracts/auth.ts';
import type { Role } from '../../domain/roles.ts';
import { STAFF_ROLES } from '../../domain/roles.ts';
import { Loading } from '../components/Loading';
import { markLeaving } from '../lib/pendingWork';
import { clearAllDrafts } from '../lib/useLocalDraft';
import { ProblemAlert } from '../components/ProblemAlert';

export interface Session {
  me: MeResponse;
  role: Role;
  isStaff: boolean;
  /** Re-reads `/api/v1/auth/me` (after enabling MFA, for example). */
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() used outside <SessionProvider>');
  return session;
}

/** Ends the session on the server, then reloads so no patient data survives in memory. */
export async function signOutAndLeave(to = '/login?signedout=1'): Promise<void> {
  markLeaving();
  await api.post('/api/v1/auth/logout', {}, { anonymous: true }).catch(() => undefined);
  window.location.replace(to);
}

/**
 * Holds who is signed in, in React state only. The first `/auth/me` is anonymous: a 401 there
 * means "not signed in yet" (go to login and come back), not "signed out after inactivity".
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<MeResponse | null>(null);
  const [error, setError] = useState<ApiError | undefined>();
  const navigate = useNavigate();
  const location = useLocation();
  const [returnTo] = useState(() => location.pathname + location.search);

  useEffect(() => {
    const controller = new AbortController();
    const next = encodeURIComponent(returnTo);
    const toSecondStep = (setupRequired: boolean) =>
      void navigate(setupRequired ? '/app/setup-mfa' : `/login?step=mfa&next=${next}`, { replace: true });
    api.get<MeResponse>('/api/v1/auth/me', { anonymous: true, signal: controller.signal }).then(
      (res) => {
        // A password-only session finishes its second step before it sees anything.
        if (res.session.mfaRequired || res.session.mfaSetupRequired)
          toSecondStep(!!res.session.mfaSetupRequired);
        else setMe(res);
      },
      (e: unknown) => {
        if (isAbortError(e) || controller.signal.aborted) return;
        const err = toApiError(e);
        if (err.status === 401) void navigate(`/login?next=${next}`, { replace: true });
        else if (err.isMfaRequired) toSecondStep(err.problem.mfaSetupRequired === true);
        else setError(err);
      },
    );
    return () => controller.abort();
  }, [navigate, returnTo]);

  const refresh = useCallback(async () => {
    setMe(await api.get<MeResponse>('/api/v1/auth/me'));
  }, []);

  const value = useMemo<Session | null>(
    () =>
      me
        ? {
            me,
            role: me.user.role,
            isStaff: STAFF_ROLES.includes(me.user.role),
            refresh,
            // A deliberate sign-out leaves no form drafts behind (an idle one keeps them to restore).
            signOut: () => {
              clearAllDrafts();
              return signOutAndLeave();
            },
          }
        : null,
    [me, refresh],
  );

  if (error) {
    return (
      <Container component="main" id="main" size="sm" py="xl">
        <Stack>
          <Title order={1}>Stillpoint is not available</Title>
          <ProblemAlert error={error} />
          <div>
            <Button onClick={() => window.location.reload()}>Try again</Button>
          </div>
        </Stack>
      </Container>
    );
  }
  if (!value) return <Loading label="Checking your session…" />;
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
