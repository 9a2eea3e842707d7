import {
  Alert,
  Button,
  CopyButton,
  Group,
  NativeSelect,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api, toApiError, type ApiError } from '../../api/client';
import type { ApiToken, CreatedApiToken } from '../../../contracts/auth.ts';
import type { Results } from '../../../contracts/common.ts';
import { useApiGet } from '../../api/useApi';
import { useSession } from '../../auth/session';
import { ConfirmButton } from '../../components/ConfirmButton';
import { fieldErrorMap } from '../../components/fieldErrors';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { formatInstant } from '../../lib/format';
import type { TokenScope } from '../../../domain/roles.ts';
import { SCOPE_LABELS, scopeLabel } from '../../lib/tokenScope';

const SCOPE_OPTIONS = Object.entries(SCOPE_LABELS).map(([value, label]) => ({ value, label }));

const MAX_DAYS = 365;

function NewToken({ token, onDone }: { token: CreatedApiToken; onDone: () => void }) {
  return (
    <Alert color="amber" title={`Token “${token.name}” created`} role="status">
      <Stack gap="sm">
        <Text size="sm">
          Copy it now: it is shown only once. Send it as <code>Authorization: Bearer …</code>. Treat it like a
          password.
        </Text>
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput
            label="Your new token"
            readOnly
            value={token.token}
            onFocus={(e) => e.currentTarget.select()}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            style={{ flex: '1 1 280px' }}
          />
          <CopyButton value={token.token} timeout={3000}>
            {({ copied, copy }) => (
              <Button onClick={copy} variant={copied ? 'light' : 'filled'} aria-live="polite">
                {copied ? 'Copied' : 'Copy token'}
              </Button>
            )}
          </CopyButton>
        </Group>
        <div>
          <Button variant="default" size="xs" onClick={onDone}>
            I have stored it
          </Button>
        </div>
      </Stack>
    </Alert>
  );
}

export function TokensSection() {
  const { me } = useSession();
  const { data, error: loadError, loading, reload } = useApiGet<Results<ApiToken>>('/api/v1/auth/tokens');
  const [name, setName] = useState('');
  const [days, setDays] = useState<number | string>(90);
  const [scope, setScope] = useState<TokenScope>('read-write');
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedApiToken | undefined>();
  const [status, setStatus] = useState('');
  const tz = me.clinic.timeZone;

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const expiresInDays = typeof days === 'number' ? days : Number(days);
    const errors: Record<string, string> = {};
    if (!name.trim()) errors.name = 'Name the token after what will use it, for example “billing export”.';
    if (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > MAX_DAYS)
      errors.expiresInDays = `Enter whole days between 1 and ${MAX_DAYS}.`;
    setLocalErrors(errors);
    if (Object.keys(errors).length > 0) return;
    setBusy(true);
    setError(undefined);
    setStatus('');
    try {
      setCreated(
        await api.post<CreatedApiToken>('/api/v1/auth/tokens', { name: name.trim(), expiresInDays, scope }),
      );
      setName('');
      reload();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (token: ApiToken) => {
    setError(undefined);
    try {
      await api.del(`/api/v1/auth/tokens/${encodeURIComponent(token.id)}`);
      setStatus(`Token “${token.name}” revoked.`);
      reload();
    } catch (e) {
      setError(toApiError(e));
    }
  };

  const errors = { ...fieldErrorMap(error), ...localErrors };
  const tokens = data?.results ?? [];
  return (
    <Stack gap="sm" component="section" aria-labelledby="tokens-title">
      <Title order={2} size="h3" id="tokens-title">
        Personal API tokens
      </Title>
      <Text size="sm">
        For integrations and scripts that call the Stillpoint API as you. A token has your permissions (or
        only reading, if you choose), cannot manage passwords, MFA or tokens, and stops working when your
        password changes or you are signed out everywhere. Give it a short life and revoke it when it is no
        longer needed.
      </Text>
      {created ? <NewToken token={created} onDone={() => setCreated(undefined)} /> : null}
      <Text size="sm" role="status" aria-live="polite">
        {status}
      </Text>
      <form onSubmit={create} noValidate aria-labelledby="token-create-title">
        <Stack gap="sm">
          <Title order={3} size="h5" id="token-create-title">
            Create a token
          </Title>
          <ProblemAlert
            error={error}
            shownPaths={['name', 'expiresInDays', 'scope']}
            title="The token change failed"
          />
          <Group align="flex-start" gap="sm" wrap="wrap">
            <TextInput
              label="Name"
              required
              autoComplete="off"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={errors.name}
              style={{ flex: '1 1 240px' }}
            />
            <NumberInput
              label="Expires in (days)"
              required
              min={1}
              max={MAX_DAYS}
              allowDecimal={false}
              allowNegative={false}
              value={days}
              onChange={setDays}
              error={errors.expiresInDays}
              w={170}
            />
            <NativeSelect
              label="Access"
              value={scope}
              onChange={(e) => setScope(e.currentTarget.value as TokenScope)}
              data={SCOPE_OPTIONS}
              error={errors.scope}
              w={180}
            />
          </Group>
          <div>
            <Button type="submit" loading={busy}>
              Create token
            </Button>
          </div>
        </Stack>
      </form>

      <ProblemAlert error={loadError} title="Could not load your tokens" />
      {loading && !data ? <Loading label="Loading tokens…" /> : null}
      {data && tokens.length === 0 ? <Text size="sm">You have no tokens.</Text> : null}
      {tokens.length > 0 ? (
        <ScrollTable label="Your API tokens" minWidth={780}>
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
                <Table.Td>{t.name}</Table.Td>
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
                    aria-label={`Revoke token ${t.name}`}
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
