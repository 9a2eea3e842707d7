import { Button, Group, NativeSelect, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api, toApiError, type ApiError } from '../../api/client';
import type { AdminUser } from '../../../contracts/admin.ts';
import { fieldErrorMap } from '../../components/fieldErrors';
import { ProblemAlert } from '../../components/ProblemAlert';

/** An admin sets a new password for someone who forgot theirs; that person is signed out everywhere and their API tokens end. */
export function SetPasswordForm({ users }: { users: AdminUser[] }) {
  const [userId, setUserId] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!userId) errors.userId = 'Choose whose password to set.';
    if (!password) errors.password = 'Enter the new password (12 or more characters).';
    setLocalErrors(errors);
    setStatus('');
    if (Object.keys(errors).length > 0) return;
    setBusy(true);
    setError(undefined);
    try {
      await api.post(`/api/v1/admin/users/${encodeURIComponent(userId)}/password`, { password });
      const who = users.find((u) => u.id === userId)?.name ?? 'The user';
      setPassword('');
      setStatus(
        `${who} has a new password, was signed out everywhere and their API tokens ended. Give it to them securely.`,
      );
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const errors = { ...fieldErrorMap(error), ...localErrors };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="set-password-title">
      <Stack gap="sm" maw={520}>
        <Title order={2} size="h3" id="set-password-title">
          Set a password
        </Title>
        <Text size="sm">
          For someone who forgot theirs. They will be signed out on every device and their API tokens will
          stop working.
        </Text>
        <Text size="sm" role="status" aria-live="polite">
          {status}
        </Text>
        <ProblemAlert error={error} shownPaths={['password']} title="The password was not set" />
        <NativeSelect
          label="User"
          value={userId}
          onChange={(e) => setUserId(e.currentTarget.value)}
          error={errors.userId}
          data={[
            { value: '', label: 'Choose a user…' },
            ...users.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` })),
          ]}
        />
        <PasswordInput
          label="New password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={errors.password}
        />
        <Group>
          <Button type="submit" loading={busy}>
            Set password
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
