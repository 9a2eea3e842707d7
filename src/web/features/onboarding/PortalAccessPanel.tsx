import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { api, toApiError, type ApiError } from '../../api/client';
import { useApiGet } from '../../api/useApi';
import { useSession } from '../../auth/session';
import { ProblemAlert } from '../../components/ProblemAlert';
import type { InvitationSent, PortalAccess } from './types';

const day = (iso: string) => new Date(iso).toLocaleDateString([], { dateStyle: 'medium' });

/**
 * On a patient's record (staff only): whether they have portal access or an open invitation, and
 * for the desk a button that emails a single-use invitation link. Keyed by the record's email, so an
 * edited address re-reads it.
 */
export function PortalAccessPanel({ patientId }: { patientId: string }) {
  const { role, isStaff } = useSession();
  const canInvite = role === 'admin' || role === 'frontdesk';
  const path = isStaff ? `/api/v1/patients/${patientId}/portal-access` : null;
  const access = useApiGet<PortalAccess>(path);
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState('');
  if (!isStaff) return null;

  const invite = async () => {
    setBusy(true);
    setError(undefined);
    setSent('');
    try {
      const res = await api.post<InvitationSent>(`/api/v1/patients/${patientId}/portal-invitation`);
      setSent(`Invitation sent to ${res.sentTo}. The link works once, until ${day(res.expiresAt)}.`);
      access.reload();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const a = access.data;
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2} size="h3">
            Patient portal
          </Title>
          {a ? (
            a.account ? (
              <Badge color={a.account.disabled ? 'gray' : 'sage'}>
                {a.account.disabled ? 'Access disabled' : 'Has portal access'}
              </Badge>
            ) : a.invitation ? (
              <Badge color="blue">Invitation pending</Badge>
            ) : (
              <Badge color="gray" variant="outline">
                No portal access
              </Badge>
            )
          ) : null}
        </Group>
        <ProblemAlert error={access.error} title="Could not load portal access" />
        {a?.account ? (
          <Text size="sm">
            Signs in as {a.account.email} since {day(a.account.createdAt)}.
          </Text>
        ) : null}
        {a && !a.account && a.invitation ? (
          <Text size="sm">
            Invitation sent to {a.invitation.sentTo} on {day(a.invitation.createdAt)}; the link works until{' '}
            {day(a.invitation.expiresAt)}. A new invitation replaces it.
          </Text>
        ) : null}
        {a && !a.account && !a.invitation ? (
          <Text size="sm">
            {a.patientEmail
              ? `The patient can book and follow their visits online. The invitation goes to ${a.patientEmail}.`
              : 'To invite this patient, first add their email address to the record (Edit details).'}
          </Text>
        ) : null}
        <ProblemAlert error={error} title="Invitation not sent" />
        {a && !a.account && canInvite ? (
          <div>
            <Button onClick={invite} loading={busy} variant={a.invitation ? 'default' : 'filled'}>
              {a.invitation ? 'Send a new invitation' : 'Invite to the portal'}
            </Button>
          </div>
        ) : null}
        <Text size="sm" role="status" aria-live="polite">
          {sent}
        </Text>
      </Stack>
    </Paper>
  );
}
