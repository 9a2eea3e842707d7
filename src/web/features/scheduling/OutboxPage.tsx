import {
  Alert,
  Anchor,
  Badge,
  Button,
  Drawer,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useApiGet } from '../../api/useApi';
import { useSession } from '../../auth/session';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { usePageTitle } from '../../components/usePageTitle';
import { MessageView } from './messages/MessageView';
import './messages/messages.css';
import {
  kindLabel,
  MESSAGE_KINDS,
  MESSAGE_STATUSES,
  messageStatusColor,
  messageStatusLabel,
  outboxPath,
  sortMessages,
  statusReason,
  type OutboxList,
  type OutboxMessage,
} from './messages/model';
import { shortDate, timeIn, zoneLabel } from './time';
import { useNow } from './waitlist/api';

const ALL = 'all';
const STATUS_NAMES: Record<string, string> = {
  pending: 'Pending (scheduled or sending)',
  sent: 'Sent',
  failed: 'Failed',
  skipped: 'Not sent (skipped)',
};

/** Without SMTP nothing is emailed: say so where nobody can miss it. */
export function MailboxNotice({
  mailbox,
  compact = false,
}: {
  mailbox: OutboxList['mailbox'];
  compact?: boolean;
}) {
  if (mailbox !== 'development') {
    return mailbox === 'smtp' && !compact ? (
      <Text size="sm">Messages are emailed to patients through the clinic’s mail server (SMTP).</Text>
    ) : null;
  }
  return (
    <Alert
      color="amber"
      title="Development mailbox — messages are not emailed"
      p={compact ? 'xs' : undefined}
    >
      <Text size="sm">
        {compact
          ? 'No mail server is configured: messages stay here.'
          : 'This server has no mail server configured (SMTP_URL), so nothing is emailed to patients. Every message they would receive is kept here instead: open one to read it as the patient would, and download its calendar invitation.'}
      </Text>
    </Alert>
  );
}

/**
 * `/app/messages` (front desk, admin): the outbox — confirmations, reminders, cancellations and
 * waitlist offers with their delivery status — which is also the development mailbox when no SMTP
 * server is configured. Filters and the open message live in the URL (ids and codes only).
 */
export function OutboxPage() {
  usePageTitle('Messages');
  const { me } = useSession();
  const zone = me.clinic.timeZone;
  const now = useNow(30_000);
  const narrow =
    useMediaQuery('(max-width: 47.99em)', undefined, { getInitialValueInEffect: false }) ?? false;
  const [params, setParams] = useSearchParams();
  const kind = params.get('kind') ?? ALL;
  const status = params.get('status') ?? ALL;
  const openId = params.get('open');

  const set = useCallback(
    (patch: Record<string, string | null>) => {
      const next = new URLSearchParams(params);
      for (const [k, v] of Object.entries(patch)) {
        if (v === null || v === ALL) next.delete(k);
        else next.set(k, v);
      }
      setParams(next, { replace: true });
    },
    [params, setParams],
  );

  const list = useApiGet<OutboxList>(
    outboxPath({
      kind: kind === ALL ? undefined : kind,
      status: status === ALL ? undefined : status,
      limit: 200,
    }),
  );
  const messages = useMemo(() => sortMessages(list.data?.results ?? []), [list.data]);
  const opened: OutboxMessage | undefined = messages.find((m) => m.id === openId);

  let summary = '';
  if (list.data)
    summary =
      messages.length === 0
        ? 'No messages match.'
        : `${messages.length}${messages.length === 200 ? ' most recent' : ''} message${messages.length === 1 ? '' : 's'}.`;

  return (
    <Stack gap="md">
      <div>
        <Title order={1}>Messages</Title>
        <Text size="sm" c="dimmed" maw={720}>
          What patients are sent about their visits: confirmations (with a calendar invitation), reminders,
          cancellations and waitlist offers. Times in {zoneLabel(zone)}.
        </Text>
      </div>
      <MailboxNotice mailbox={list.data?.mailbox} />

      <Group gap="sm" align="flex-end" wrap="wrap">
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" style={{ flex: '1 1 auto' }} maw={640}>
          <NativeSelect
            label="Kind"
            value={kind}
            onChange={(e) => set({ kind: e.currentTarget.value })}
            data={[
              { value: ALL, label: 'All kinds' },
              ...MESSAGE_KINDS.map((k) => ({ value: k, label: kindLabel(k) })),
            ]}
          />
          <NativeSelect
            label="Status"
            value={status}
            onChange={(e) => set({ status: e.currentTarget.value })}
            data={[
              { value: ALL, label: 'All statuses' },
              ...MESSAGE_STATUSES.map((s) => ({ value: s, label: STATUS_NAMES[s] ?? s })),
            ]}
          />
        </SimpleGrid>
        <Button variant="default" onClick={list.reload} loading={list.loading && !!list.data}>
          Refresh
        </Button>
      </Group>

      <Text size="sm" role="status" aria-live="polite">
        {summary}
      </Text>
      <ProblemAlert error={list.error} title="Could not load the messages" />
      {list.error ? (
        <div>
          <Button variant="default" onClick={list.reload}>
            Try again
          </Button>
        </div>
      ) : null}
      {list.loading && !list.data ? <Loading label="Loading messages…" /> : null}

      {messages.length > 0 ? (
        <ScrollTable label="Messages" minWidth={820}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Message</Table.Th>
              <Table.Th scope="col">To</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              <Table.Th scope="col">Scheduled / sent</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {messages.map((m) => {
              const reason = statusReason(m);
              const when = m.sentAt ?? m.sendAfter;
              return (
                <Table.Tr key={m.id} aria-current={m.id === openId ? 'true' : undefined}>
                  <Table.Td maw={380}>
                    <Group gap={6} mb={2}>
                      <Badge variant="outline" color="gray" tt="none" size="sm">
                        {kindLabel(m.kind)}
                      </Badge>
                      {m.hasCalendarInvite ? (
                        <Text size="xs" c="dimmed">
                          .ics attached
                        </Text>
                      ) : null}
                    </Group>
                    <Anchor
                      component="button"
                      type="button"
                      size="sm"
                      ta="left"
                      onClick={() => set({ open: m.id })}
                      aria-haspopup="dialog"
                    >
                      {m.subject}
                    </Anchor>
                  </Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>
                    <Text size="sm">{m.to ?? 'No address on file'}</Text>
                  </Table.Td>
                  <Table.Td maw={260}>
                    <Badge variant="light" color={messageStatusColor(m.status, m)} tt="none">
                      {messageStatusLabel(m, now)}
                    </Badge>
                    {reason ? (
                      <Text size="xs" mt={2}>
                        {reason}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Text size="sm">
                      {m.sentAt
                        ? 'Sent '
                        : m.status === 'pending'
                          ? 'Due '
                          : m.status === 'skipped'
                            ? 'Was due '
                            : ''}
                      {shortDate(when, zone)} {timeIn(when, zone)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </ScrollTable>
      ) : null}

      <Drawer
        opened={!!openId}
        onClose={() => set({ open: null })}
        position="right"
        size={narrow ? '100%' : 'lg'}
        title={opened ? `${kindLabel(opened.kind)} message` : 'Message'}
        closeButtonProps={{ 'aria-label': 'Close the message' }}
      >
        {openId ? <MessageView key={openId} id={openId} zone={zone} now={now} /> : null}
      </Drawer>
    </Stack>
  );
}
