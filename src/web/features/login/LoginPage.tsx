import {
  Alert,
  Anchor,
  Box,
  Button,
  Container,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, toApiError, type ApiError } from '../../api/client';
import type { LoginResponse, MeResponse } from '../../../contracts/auth.ts';
import { Brand } from '../../components/Brand';
import { fieldErrorMap } from '../../components/fieldErrors';
import { ProblemAlert } from '../../components/ProblemAlert';
import { usePageTitle } from '../../components/usePageTitle';
import { safeNextPath } from '../../lib/format';
import { cleanOtp, formatWait } from './retry';

type Step = 'credentials' | 'mfa' | 'checking';

/** Counts down to `until` (epoch ms); 0 when there is nothing to wait for. */
function useSecondsLeft(until: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [until]);
  return until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
}

export function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNextPath(params.get('next')) ?? '/app';
  const expired = params.get('expired') === '1';
  const signedOut = params.get('signedout') === '1';

  const [step, setStep] = useState<Step>(params.get('step') === 'mfa' ? 'checking' : 'credentials');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [passwordVisible, setPasswordVisible] = useState(false);
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | null>(null);
  /** Sign-in is paused and the server takes the authenticator's code with the password. */
  const [codeOffered, setCodeOffered] = useState(false);
  const [loginCode, setLoginCode] = useState('');
  const [loginCodeError, setLoginCodeError] = useState<string | null>(null);
  const [missing, setMissing] = useState<{ email?: string; password?: string }>({});
  const [error, setError] = useState<ApiError | undefined>();
  const [retryUntil, setRetryUntil] = useState<number | null>(null);
  const [retryAfterTotal, setRetryAfterTotal] = useState(0);
  const [busy, setBusy] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const secondsLeft = useSecondsLeft(retryUntil);
  const rateLimited = secondsLeft > 0;
  // While paused, the code is the way in: the form stays open for it.
  const signInPaused = rateLimited && !(codeOffered && loginCode !== '');

  usePageTitle(step === 'mfa' ? 'Two-step verification' : 'Sign in');

  // Arriving from a 403 mfa-required: find out whether this session needs a code or an enrolment.
  useEffect(() => {
    if (step !== 'checking') return;
    const controller = new AbortController();
    api.get<MeResponse>('/api/v1/auth/me', { anonymous: true, signal: controller.signal }).then(
      (me) => {
        const { mfaRequired, mfaSetupRequired } = me.session;
        if (mfaSetupRequired || (mfaRequired === undefined && !me.user.mfaEnabled)) {
          void navigate('/app/setup-mfa', { replace: true });
        } else if (mfaRequired === false) {
          void navigate(next, { replace: true }); // already fully signed in
        } else {
          setStep('mfa');
        }
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        setStep(toApiError(e).status === 401 ? 'credentials' : 'mfa');
      },
    );
    return () => controller.abort();
  }, [step, navigate, next]);

  useEffect(() => {
    if (step === 'mfa') codeRef.current?.focus();
  }, [step]);

  const handleFailure = (e: unknown) => {
    const err = toApiError(e);
    setError(err);
    if (err.status === 429) {
      const seconds = err.retryAfterSeconds ?? 60;
      setRetryAfterTotal(seconds);
      setRetryUntil(Date.now() + seconds * 1000);
      if (err.problem.codeAccepted === true) setCodeOffered(true);
    }
    headingRef.current?.focus();
  };

  const signIn = async (event: FormEvent) => {
    event.preventDefault();
    if (signInPaused) return;
    if (loginCode !== '' && !/^\d{6}$/.test(loginCode)) {
      setLoginCodeError('Enter all 6 digits of the code, or leave it empty.');
      return;
    }
    setLoginCodeError(null);
    const empty = {
      email: email.trim() ? undefined : 'Enter your email address.',
      password: password ? undefined : 'Enter your password.',
    };
    setMissing(empty);
    if (empty.email || empty.password) return;
    setBusy(true);
    setError(undefined);
    try {
      const res = await api.post<LoginResponse>(
        '/api/v1/auth/login',
        { email: email.trim(), password, ...(loginCode ? { code: loginCode } : {}) },
        { anonymous: true },
      );
      setPassword('');
      setLoginCode('');
      if (res.mfaSetupRequired) {
        await navigate('/app/setup-mfa', { replace: true });
      } else if (res.mfaRequired) {
        setStep('mfa');
      } else {
        await navigate(next, { replace: true });
      }
    } catch (e) {
      setLoginCode('');
      handleFailure(e);
    } finally {
      setBusy(false);
    }
  };

  const verify = async (event: FormEvent) => {
    event.preventDefault();
    if (rateLimited) return;
    if (!/^\d{6}$/.test(code)) {
      setCodeError('Enter the 6-digit code from your authenticator app.');
      codeRef.current?.focus();
      return;
    }
    setCodeError(null);
    setBusy(true);
    setError(undefined);
    try {
      await api.post('/api/v1/auth/mfa/verify', { code }, { anonymous: true });
      await navigate(next, { replace: true });
    } catch (e) {
      setCode('');
      handleFailure(e);
      codeRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const startOver = async () => {
    await api.post('/api/v1/auth/logout', {}, { anonymous: true }).catch(() => undefined);
    setCode('');
    setError(undefined);
    setStep('credentials');
  };

  const fields = fieldErrorMap(error);
  const shownPaths =
    step === 'mfa' ? ['code'] : codeOffered ? ['email', 'password', 'code'] : ['email', 'password'];
  const retryMessage = rateLimited ? (
    <Alert color="amber" title="Sign-in paused" role="alert">
      <Text size="sm">
        {error?.problem.detail ??
          `For your security, sign-in is paused. Try again in ${formatWait(retryAfterTotal)}.`}
      </Text>
      {retryUntil ? (
        <Text size="sm" mt={4}>
          You can try again at {new Date(retryUntil).toLocaleTimeString([], { timeStyle: 'short' })}.
        </Text>
      ) : null}
      {/* The live countdown is for sighted users; re-announcing it every second would drown a screen reader. */}
      <Text size="sm" mt={4} aria-hidden="true">
        Time left: {formatWait(secondsLeft)}
      </Text>
    </Alert>
  ) : null;

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Box bg="sage.0" mih="100vh" py={{ base: 'md', sm: 48 }}>
        <Container size={440} px="md">
          <Stack gap="lg">
            <Box component="header">
              <Brand />
            </Box>
            <Paper component="main" id="main" withBorder shadow="sm" radius="md" p={{ base: 'md', sm: 'xl' }}>
              {step === 'checking' ? (
                <Stack>
                  <Title order={1} size="h2">
                    Two-step verification
                  </Title>
                  <Text role="status">Checking your sign-in…</Text>
                </Stack>
              ) : step === 'credentials' ? (
                <form onSubmit={signIn} noValidate>
                  <Stack gap="md">
                    <Title order={1} size="h2" ref={headingRef} tabIndex={-1}>
                      Sign in to Stillpoint
                    </Title>
                    {expired && !error ? (
                      <Alert color="blue" role="status" title="Signed out">
                        You were signed out after inactivity. Sign in again to continue.
                      </Alert>
                    ) : null}
                    {signedOut && !expired && !error ? (
                      <Alert color="sage" role="status">
                        You have signed out.
                      </Alert>
                    ) : null}
                    {retryMessage}
                    {!rateLimited ? (
                      <ProblemAlert error={error} shownPaths={shownPaths} title="Sign-in failed" />
                    ) : null}
                    <TextInput
                      label="Email"
                      type="email"
                      name="email"
                      autoComplete="username"
                      inputMode="email"
                      autoCapitalize="none"
                      spellCheck={false}
                      required
                      value={email}
                      onChange={(e) => setEmail(e.currentTarget.value)}
                      error={missing.email ?? fields.email}
                    />
                    <PasswordInput
                      label="Password"
                      name="password"
                      autoComplete="current-password"
                      required
                      value={password}
                      onChange={(e) => setPassword(e.currentTarget.value)}
                      error={missing.password ?? fields.password}
                      visible={passwordVisible}
                      onVisibilityChange={setPasswordVisible}
                      visibilityToggleFocusable
                      visibilityToggleButtonProps={{
                        'aria-label': passwordVisible ? 'Hide password' : 'Show password',
                        title: passwordVisible ? 'Hide password' : 'Show password',
                      }}
                    />
                    {codeOffered ? (
                      <TextInput
                        label="Code from your authenticator app"
                        description="Optional. With your password, it signs you in even while sign-in is paused."
                        name="code"
                        inputMode="numeric"
                        autoComplete="one-time-code"
                        pattern="[0-9]{6}"
                        value={loginCode}
                        onChange={(e) => setLoginCode(cleanOtp(e.currentTarget.value))}
                        error={loginCodeError ?? fields.code}
                        styles={{ input: { letterSpacing: '0.3em', fontVariantNumeric: 'tabular-nums' } }}
                      />
                    ) : null}
                    <Button type="submit" loading={busy} disabled={signInPaused} fullWidth>
                      Sign in
                    </Button>
                    {next.startsWith('/app/book') ? (
                      <Text size="sm">
                        New patient?{' '}
                        <Anchor component={Link} to={`/signup?next=${encodeURIComponent(next)}`} size="sm">
                          Create your patient account
                        </Anchor>{' '}
                        and come back to this time after confirming your email.
                      </Text>
                    ) : null}
                  </Stack>
                </form>
              ) : (
                <form onSubmit={verify} noValidate>
                  <Stack gap="md">
                    <Title order={1} size="h2" ref={headingRef} tabIndex={-1}>
                      Two-step verification
                    </Title>
                    <Text size="sm">
                      Open your authenticator app and enter the 6-digit code it shows for Stillpoint.
                    </Text>
                    {retryMessage}
                    {!rateLimited ? (
                      <ProblemAlert error={error} shownPaths={shownPaths} title="Code not accepted" />
                    ) : null}
                    <TextInput
                      ref={codeRef}
                      label="Authentication code"
                      description="6 digits"
                      name="code"
                      inputMode="numeric"
                      autoComplete="one-time-code"
                      pattern="[0-9]{6}"
                      required
                      value={code}
                      onChange={(e) => setCode(cleanOtp(e.currentTarget.value))}
                      error={codeError ?? fields.code}
                      styles={{ input: { letterSpacing: '0.3em', fontVariantNumeric: 'tabular-nums' } }}
                    />
                    <Button type="submit" loading={busy} disabled={rateLimited} fullWidth>
                      Verify
                    </Button>
                    <Text size="sm">
                      Not you, or lost your device?{' '}
                      <Anchor component="button" type="button" onClick={startOver} size="sm">
                        Sign in with a different account
                      </Anchor>
                      . If you cannot get a code, ask your clinic administrator.
                    </Text>
                  </Stack>
                </form>
              )}
            </Paper>
            <Text component="footer" size="sm" ta="center">
              <Anchor component={Link} to="/">
                Back to the Stillpoint home page
              </Anchor>
            </Text>
          </Stack>
        </Container>
      </Box>
    </>
  );
}
