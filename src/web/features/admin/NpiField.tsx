import { Button, Group, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api, toApiError } from '../../api/client';
import type { AdminUser } from '../../../contracts/admin.ts';
import { fieldErrorMap } from '../../components/fieldErrors';
import { npiProblem } from '../../../domain/npi.ts';

/**
 * A practitioner's NPI, edited in the users table. Checked here as the server does (10 digits,
 * Luhn check digit over the 80840 prefix), so a typo is caught before it is sent; empty removes it.
 */
export function NpiField({
  user,
  onSaved,
}: {
  user: AdminUser;
  onSaved: (u: AdminUser, message: string) => void;
}) {
  const [value, setValue] = useState(user.npi ?? '');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const changed = value.trim() !== (user.npi ?? '');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const npi = value.trim();
    const problem = npi ? npiProblem(npi) : null;
    setError(problem ?? undefined);
    if (problem || !changed) return;
    setBusy(true);
    try {
      const updated = await api.patch<AdminUser>(`/api/v1/admin/users/${encodeURIComponent(user.id)}`, {
        npi: npi || null,
      });
      onSaved(updated, npi ? `${user.name}’s NPI is now ${npi}.` : `${user.name}’s NPI was removed.`);
    } catch (e) {
      const apiError = toApiError(e);
      setError(fieldErrorMap(apiError).npi ?? apiError.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Group gap={6} wrap="nowrap" align="flex-start">
        <TextInput
          aria-label={`NPI of ${user.name}`}
          size="xs"
          w={130}
          inputMode="numeric"
          autoComplete="off"
          placeholder="10 digits"
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          error={error}
        />
        <Button type="submit" size="xs" variant="default" loading={busy} disabled={!changed}>
          Save
        </Button>
      </Group>
    </form>
  );
}
