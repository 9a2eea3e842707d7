import { NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { api, toApiError, type ApiError } from '../../api/client';
import type { AdminUser } from '../../../contracts/admin.ts';
import type { ApiToken } from '../../../contracts/auth.ts';
import type { Results } from '../../../contracts/common.ts';
import { useApiGet } from '../../api/useApi';
import { useSession } from '../../auth/session';
import { ConfirmButton } from '../../components/ConfirmButton';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { formatInstant } from '../../lib/format';
import { scopeLabel } from '../../lib/tokenScope';

/** A user's personal API tokens, with their access and last use; an admin may revoke any of them. */
export function UserTokens({ users }: { users: AdminUser[] }) {
  const { me } = useSession();
  const [userId, setUserId] = useState('');
  const path = userId ? `/api/v1/admin/users/${encodeURIComponent(userId)}/tokens` : null;
  const { data, error: loadError, loading, reload } = useApiGet<Results<ApiToken>>(path);
  const [error, setError] = useState<ApiError | undefined>();
  const [status, setStatus] = useState('');
  const user = users.find((u) => u.id === userId);
  const tokens = data?.results ?? [];
  const tz = me.clinic.timeZone;

  const revoke = async (token: ApiToken) => {
    setError(undefined);
    try {
      await api.del(`${path!}/${encodeURIComponent(token.id)}`);
      setStatus(`${user?.name ?? 'The user'}: token “${token.name}” revoked.`);
      reload();
    } catch (e) {
      setError(toApiError(e));
    }
  };

  return (
    <Stack gap="sm" component="section" aria-labelledby="user-tokens-title">
      <Title order={2} size="h3" id="user-tokens-title">
        API tokens
      </Title>
      <Text size="sm">
        The personal API tokens a user has made, what they may do and when they were last used. Signing a user
        out everywhere or setting their password also ends all their tokens.
      </Text>
      <NativeSelect
        label="User"
        maw={520}
        value={userId}
        onChange={(e) => {
          setUserId(e.currentTarget.value);
          setStatus('');
          setError(undefined);
        }}
        data={[
          { value: '', label: 'Choose a user…' },
          ...users.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` })),
        ]}
      />
      <Text size="sm" role="status" aria-live="polite">
        {status}
      </Text>
      <ProblemAlert error={loadError} title="Could not load the tokens" />
      <ProblemAlert error={error} title="The token was not revoked" />
      {loading && !data ? <Loading label="Loading tokens…" /> : null}
      {user && data && tokens.length === 0 ? <Text size="sm">{user.name} has no tokens.</Text> : null}
      {user && tokens.length > 0 ? (
        <ScrollTable label={`API tokens of ${user.name}`} minWidth={780}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Name</Table.Th>
              <Table.Th scope="col">Access</Table.Th>
              <Table.Th scope="col">Created</Table.Th>
              <Table.Th scope="col">Expires</Table.Th>
              <Table.Th scope="col">Last used</Table.Th>
              <Table.Th scope="col">
                <span className="visually-hidden">Actions</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tokens.map((t) => (
              <Table.Tr key={t.id}>
                <Table.Th scope="row" fw={500}>
                  {t.name}
                </Table.Th>
                <Table.Td>{scopeLabel(t.scopes)}</Table.Td>
                <Table.Td className="nowrap">{formatInstant(t.createdAt, tz)}</Table.Td>
                <Table.Td className="nowrap">{formatInstant(t.expiresAt, tz)}</Table.Td>
                <Table.Td className="nowrap">
                  {t.lastUsedAt ? formatInstant(t.lastUsedAt, tz) : 'Never'}
                </Table.Td>
                <Table.Td>
                  <ConfirmButton
                    size="xs"
                    variant="default"
                    aria-label={`Revoke token ${t.name} of ${user.name}`}
                    confirmLabel="Revoke token"
                    message={`Anything using “${t.name}” will stop working immediately.`}
                    onConfirm={() => revoke(t)}
                  >
                    Revoke
                  </ConfirmButton>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </ScrollTable>
      ) : null}
    </Stack>
  );
}
