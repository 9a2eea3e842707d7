import { Badge, Button, Group, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api, toApiError, type ApiError } from '../../api/client';
import { useSession } from '../../auth/session';
import { fieldErrorMap } from '../../components/fieldErrors';
import { ProblemAlert } from '../../components/ProblemAlert';
import { MfaEnrolment } from './MfaEnrolment';

function DisableMfa({ onDone }: { onDone: () => Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!password) {
      setMissing('Enter your password to confirm.');
      return;
    }
    setMissing(null);
    setBusy(true);
    setError(undefined);
    try {
      await api.post('/api/v1/auth/mfa/disable', { password });
      setPassword('');
      setOpen(false);
      await onDone();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  if (!open) {
    return (
      <div>
        <Button variant="default" color="red" onClick={() => setOpen(true)}>
          Turn off two-step sign-in
        </Button>
      </div>
    );
  }
  return (
    <form onSubmit={submit} noValidate aria-labelledby="mfa-disable-title">
      <Stack gap="sm" maw={420}>
        <Title order={3} size="h5" id="mfa-disable-title">
          Turn off two-step sign-in
        </Title>
        <Text size="sm">Your account will then be protected by your password only.</Text>
        <ProblemAlert error={error} shownPaths={['password']} title="Two-step sign-in is still on" />
        <PasswordInput
          label="Current password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={missing ?? fieldErrorMap(error).password}
          visibilityToggleFocusable
          visibilityToggleButtonProps={{ 'aria-label': 'Show or hide password' }}
        />
        <Group>
          <Button type="submit" color="red" loading={busy}>
            Turn off
          </Button>
          <Button variant="default" onClick={() => setOpen(false)}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function MfaSection() {
  const { me, refresh } = useSession();
  const [status, setStatus] = useState('');
  const enabled = me.user.mfaEnabled;

  return (
    <Stack gap="sm" component="section" aria-labelledby="mfa-title">
      <Group gap="sm" align="center">
        <Title order={2} size="h3" id="mfa-title">
          Two-step sign-in (MFA)
        </Title>
        <Badge variant="light" color={enabled ? 'sage' : 'gray'} tt="none">
          {enabled ? 'On' : 'Off'}
        </Badge>
      </Group>
      <Text size="sm" role="status" aria-live="polite">
        {status}
      </Text>
      {enabled ? (
        <>
          <Text size="sm">Each sign-in asks for a code from your authenticator app.</Text>
          <DisableMfa
            onDone={async () => {
              await refresh();
              setStatus('Two-step sign-in is off.');
            }}
          />
        </>
      ) : (
        <MfaEnrolment
          onEnabled={async () => {
            await refresh();
            setStatus('Two-step sign-in is on. You will be asked for a code at your next sign-in.');
          }}
        />
      )}
    </Stack>
  );
}
