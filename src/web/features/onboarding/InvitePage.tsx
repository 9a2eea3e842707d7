import { Alert, Anchor, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, isAbortError, toApiError, type ApiError } from '../../api/client';
import { fieldErrorMap } from '../../components/fieldErrors';
import { ProblemAlert } from '../../components/ProblemAlert';
import { usePageTitle } from '../../components/usePageTitle';
import { NewPasswordField } from './PasswordField';
import { MIN_PASSWORD, type InvitationInfo, type SignedIn } from './types';
import { PublicFrame } from './PublicFrame';

/** `/invite/:token`: the patient opens the emailed link, chooses a password and lands on their record. */
export function InvitePage() {
  usePageTitle('Set up your patient portal');
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const [info, setInfo] = useState<InvitationInfo | null>(null);
  const [loadError, setLoadError] = useState<ApiError | undefined>();
  const [password, setPassword] = useState('');
  const [localError, setLocalError] = useState<string | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const controller = new AbortController();
    api
      .post<InvitationInfo>(
        '/api/v1/invitations/lookup',
        { token },
        { anonymous: true, signal: controller.signal },
      )
      .then(setInfo, (e: unknown) => {
        if (!isAbortError(e) && !controller.signal.aborted) setLoadError(toApiError(e));
      });
    return () => controller.abort();
  }, [token]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if ([...password].length < MIN_PASSWORD) {
      setLocalError(`Use at least ${MIN_PASSWORD} characters.`);
      return;
    }
    setLocalError(undefined);
    setBusy(true);
    setError(undefined);
    try {
      await api.post<SignedIn>('/api/v1/invitations/accept', { token, password }, { anonymous: true });
      setPassword('');
      await navigate('/app', { replace: true });
    } catch (e) {
      setError(toApiError(e));
      headingRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  if (loadError) {
    return (
      <PublicFrame>
        <Stack gap="md">
          <Title order={1} size="h2">
            This link cannot be used
          </Title>
          <ProblemAlert error={loadError} title="Invitation not valid" />
          <Text>
            Already set your password?{' '}
            <Anchor component={Link} to="/login">
              Sign in
            </Anchor>
            .
          </Text>
        </Stack>
      </PublicFrame>
    );
  }
  if (!info) {
    return (
      <PublicFrame>
        <Text role="status">Checking your invitation…</Text>
      </PublicFrame>
    );
  }
  const fields = fieldErrorMap(error);
  return (
    <PublicFrame>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Title order={1} size="h2" ref={headingRef} tabIndex={-1}>
            Welcome, {info.firstName}
          </Title>
          <Text>
            {info.clinicName} invites you to its patient portal. Choose a password to finish; you will use it
            with your email address to sign in.
          </Text>
          <ProblemAlert error={error} shownPaths={['password']} title="Password not set" />
          {/* The account's email, for password managers; it comes from the clinic's record. */}
          <TextInput label="Email" name="email" autoComplete="username" value={info.email} readOnly />
          <NewPasswordField value={password} onChange={setPassword} error={localError ?? fields.password} />
          <Button type="submit" loading={busy} fullWidth>
            Set password and open my record
          </Button>
          <Alert color="gray" variant="light">
            <Text size="sm">
              The link works once, until{' '}
              {new Date(info.expiresAt).toLocaleDateString([], { dateStyle: 'long' })}.
            </Text>
          </Alert>
        </Stack>
      </form>
    </PublicFrame>
  );
}
