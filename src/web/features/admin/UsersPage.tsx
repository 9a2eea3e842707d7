import {
  Badge,
  Button,
  NativeSelect,
  Paper,
  PasswordInput,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api, toApiError, type ApiError } from '../../api/client';
import type { AdminUser } from '../../../contracts/admin.ts';
import type { Results } from '../../../contracts/common.ts';
import type { Role } from '../../../domain/roles.ts';
import { ROLES } from '../../../domain/roles.ts';
import { useApiGet } from '../../api/useApi';
import { useSession } from '../../auth/session';
import { ConfirmButton } from '../../components/ConfirmButton';
import { fieldErrorMap } from '../../components/fieldErrors';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { usePageTitle } from '../../components/usePageTitle';
import { roleLabel } from '../../lib/format';
import { SetPasswordForm } from './SetPasswordForm';
import { BreakGlassGrants } from './BreakGlassGrants';
import { NpiField } from './NpiField';
import { UserTokens } from './UserTokens';

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: roleLabel(r) }));
/** A patient account stays a patient account (it is tied to one record), and staff never become patients. */
const STAFF_ROLE_OPTIONS = ROLE_OPTIONS.filter((o) => o.value !== 'patient');

interface NewUser {
  name: string;
  email: string;
  role: Role;
  password: string;
  patientId: string;
}

const EMPTY_USER: NewUser = { name: '', email: '', role: 'clinician', password: '', patientId: '' };
const CREATE_PATHS = ['name', 'email', 'role', 'password', 'patientId'];

function CreateUserForm({ onCreated }: { onCreated: (user: AdminUser) => void }) {
  const [values, setValues] = useState<NewUser>(EMPTY_USER);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);

  const set = (key: keyof NewUser) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setValues((v) => ({ ...v, [key]: value }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!values.name.trim()) errors.name = 'Enter the person’s name.';
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email.trim()))
      errors.email = 'Enter a valid email address.';
    if (!values.password) errors.password = 'Enter an initial password.';
    if (values.role === 'patient' && !values.patientId.trim())
      errors.patientId = 'A patient account must be linked to a patient record: enter its ID.';
    setLocalErrors(errors);
    if (Object.keys(errors).length > 0) return;
    setBusy(true);
    setError(undefined);
    try {
      const body: Record<string, string> = {
        name: values.name.trim(),
        email: values.email.trim(),
        role: values.role,
        password: values.password,
      };
      if (values.role === 'patient') body.patientId = values.patientId.trim();
      onCreated(await api.post<AdminUser>('/api/v1/admin/users', body));
      setValues(EMPTY_USER);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const errors = { ...fieldErrorMap(error), ...localErrors };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="create-user-title">
      <Stack gap="sm">
        <Title order={2} size="h3" id="create-user-title">
          Create a user
        </Title>
        <ProblemAlert error={error} shownPaths={CREATE_PATHS} title="The user was not created" />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Name"
            required
            autoComplete="off"
            value={values.name}
            onChange={set('name')}
            error={errors.name}
          />
          <TextInput
            label="Email"
            type="email"
            required
            autoComplete="off"
            value={values.email}
            onChange={set('email')}
            error={errors.email}
          />
          <NativeSelect
            label="Role"
            required
            value={values.role}
            onChange={set('role')}
            data={ROLE_OPTIONS}
            error={errors.role}
          />
          <PasswordInput
            label="Initial password"
            description="Give it to the person securely."
            required
            autoComplete="new-password"
            value={values.password}
            onChange={set('password')}
            error={errors.password}
            visibilityToggleFocusable
            visibilityToggleButtonProps={{ 'aria-label': 'Show or hide the initial password' }}
          />
          {values.role === 'patient' ? (
            <TextInput
              label="Patient ID"
              description="The patient record this account may see"
              required
              autoComplete="off"
              value={values.patientId}
              onChange={set('patientId')}
              error={errors.patientId}
            />
          ) : null}
        </SimpleGrid>
        <div>
          <Button type="submit" loading={busy}>
            Create user
          </Button>
        </div>
      </Stack>
    </form>
  );
}

export function UsersPage() {
  usePageTitle('Users');
  const { me } = useSession();
  const { data, error: loadError, loading, setData } = useApiGet<Results<AdminUser>>('/api/v1/admin/users');
  const [error, setError] = useState<ApiError | undefined>();
  const [status, setStatus] = useState('');
  const users = data?.results ?? [];

  const replace = (updated: AdminUser) =>
    setData({ results: users.map((u) => (u.id === updated.id ? { ...u, ...updated } : u)) });

  const patch = async (
    user: AdminUser,
    changes: Partial<Pick<AdminUser, 'role' | 'disabled' | 'breakGlass'>>,
    done: string,
  ) => {
    setError(undefined);
    setStatus('');
    try {
      replace(await api.patch<AdminUser>(`/api/v1/admin/users/${encodeURIComponent(user.id)}`, changes));
      setStatus(done);
    } catch (e) {
      setError(toApiError(e));
    }
  };

  const revokeSessions = async (user: AdminUser) => {
    setError(undefined);
    setStatus('');
    try {
      const res = await api.post<{ revoked: number }>(
        `/api/v1/admin/users/${encodeURIComponent(user.id)}/revoke-sessions`,
      );
      setStatus(`${user.name}: ${res.revoked} session${res.revoked === 1 ? '' : 's'} signed out.`);
    } catch (e) {
      setError(toApiError(e));
    }
  };

  return (
    <Stack gap="xl">
      <Stack gap="xs">
        <Title order={1}>Users</Title>
        <ProblemAlert error={loadError} title="Could not load users" />
        <ProblemAlert error={error} title="The change was not saved" />
        <Text size="sm" role="status" aria-live="polite">
          {status}
        </Text>
      </Stack>
      {loading && !data ? <Loading label="Loading users…" /> : null}

      {users.length > 0 ? (
        <ScrollTable label="Users" minWidth={1140}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Name</Table.Th>
              <Table.Th scope="col">Email</Table.Th>
              <Table.Th scope="col">Role</Table.Th>
              <Table.Th scope="col">MFA</Table.Th>
              <Table.Th scope="col">Disabled</Table.Th>
              <Table.Th scope="col">Break-glass allowed</Table.Th>
              <Table.Th scope="col">NPI (practitioners)</Table.Th>
              <Table.Th scope="col">Sessions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.map((u) => {
              const self = u.id === me.user.id;
              return (
                <Table.Tr key={u.id}>
                  <Table.Th scope="row" fw={500}>
                    {u.name}
                    {self ? (
                      <Text component="span" size="xs" c="dimmed">
                        {' '}
                        (you)
                      </Text>
                    ) : null}
                    {u.patientId ? (
                      <Text size="xs" c="dimmed">
                        Patient {u.patientId}
                      </Text>
                    ) : null}
                  </Table.Th>
                  <Table.Td>{u.email}</Table.Td>
                  <Table.Td>
                    {u.role === 'patient' ? (
                      roleLabel(u.role)
                    ) : (
                      <NativeSelect
                        aria-label={`Role of ${u.name}`}
                        size="xs"
                        miw={150}
                        value={u.role}
                        disabled={self}
                        title={self ? 'You cannot change your own role' : undefined}
                        data={STAFF_ROLE_OPTIONS}
                        onChange={(e) => {
                          const role = e.currentTarget.value as Role;
                          void patch(u, { role }, `${u.name} is now ${roleLabel(role)}.`);
                        }}
                      />
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={u.mfaEnabled ? 'sage' : 'gray'} tt="none" miw={44}>
                      {u.mfaEnabled ? 'On' : 'Off'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Switch
                      aria-label={`Disable ${u.name}`}
                      checked={u.disabled}
                      disabled={self}
                      color="red"
                      onChange={(e) => {
                        const disabled = e.currentTarget.checked;
                        void patch(u, { disabled }, `${u.name} is ${disabled ? 'disabled' : 'enabled'}.`);
                      }}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Switch
                      aria-label={`Allow emergency access for ${u.name}`}
                      checked={u.breakGlass}
                      disabled={u.role === 'patient'}
                      onChange={(e) => {
                        const breakGlass = e.currentTarget.checked;
                        void patch(
                          u,
                          { breakGlass },
                          `${u.name} ${breakGlass ? 'may now' : 'may no longer'} use emergency access.`,
                        );
                      }}
                    />
                  </Table.Td>
                  <Table.Td>
                    {u.practitionerId ? (
                      <NpiField
                        user={u}
                        onSaved={(updated, message) => {
                          replace(updated);
                          setError(undefined);
                          setStatus(message);
                        }}
                      />
                    ) : (
                      <Text size="sm" c="dimmed">
                        —
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <ConfirmButton
                      size="xs"
                      variant="default"
                      aria-label={`Sign out all sessions of ${u.name}`}
                      confirmLabel="Sign out all sessions"
                      message={`${u.name} will be signed out on every device and must sign in again; their API tokens stop working.`}
                      onConfirm={() => revokeSessions(u)}
                    >
                      Sign out all sessions
                    </ConfirmButton>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </ScrollTable>
      ) : null}

      <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
        <CreateUserForm
          onCreated={(user) => {
            setData({ results: [...users, user] });
            setStatus(`${user.name} was created as ${roleLabel(user.role)}.`);
          }}
        />
      </Paper>

      <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
        <SetPasswordForm users={users} />
      </Paper>

      <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
        <UserTokens users={users} />
      </Paper>

      <BreakGlassGrants />
    </Stack>
  );
}
