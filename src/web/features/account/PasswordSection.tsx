import { Button, Group, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api, toApiError, type ApiError } from '../../api/client';
import { fieldErrorMap } from '../../components/fieldErrors';
import { ProblemAlert } from '../../components/ProblemAlert';

/** Change your own password; the server ends your other sessions. */
export function PasswordSection() {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!currentPassword) errors.currentPassword = 'Enter your current password.';
    if (!newPassword)
      errors.newPassword = 'Enter a new password: a short sentence of 12 or more characters works well.';
    else if (confirm !== newPassword) errors.confirm = 'The two new passwords are not the same.';
    setLocalErrors(errors);
    setStatus('');
    if (Object.keys(errors).length > 0) return;
    setBusy(true);
    setError(undefined);
    try {
      const res = await api.post<{ changed: boolean; otherSessionsEnded: number }>('/api/v1/auth/password', {
        currentPassword,
        newPassword,
      });
      setCurrent('');
      setNew('');
      setConfirm('');
      setStatus(
        `Password changed.${res.otherSessionsEnded ? ` ${res.otherSessionsEnded} other session(s) were signed out.` : ''}`,
      );
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const errors = { ...fieldErrorMap(error), ...localErrors };
  return (
    <Stack gap="sm" component="section" aria-labelledby="password-title">
      <Title order={2} size="h3" id="password-title">
        Password
      </Title>
      <Text size="sm">
        Use 12 or more characters; a few unrelated words are strong and easy to remember. Changing it signs
        you out everywhere else.
      </Text>
      <Text size="sm" role="status" aria-live="polite">
        {status}
      </Text>
      <form onSubmit={submit} noValidate aria-labelledby="password-title">
        <Stack gap="sm" maw={420}>
          <ProblemAlert
            error={error}
            shownPaths={['currentPassword', 'newPassword']}
            title="The password was not changed"
          />
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            value={currentPassword}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            error={errors.currentPassword}
          />
          <PasswordInput
            label="New password"
            autoComplete="new-password"
            value={newPassword}
            onChange={(e) => setNew(e.currentTarget.value)}
            error={errors.newPassword}
          />
          <PasswordInput
            label="New password again"
            autoComplete="new-password"
            value={confirm}
            onChange={(e) => setConfirm(e.currentTarget.value)}
            error={errors.confirm}
          />
          <Group>
            <Button type="submit" loading={busy}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
