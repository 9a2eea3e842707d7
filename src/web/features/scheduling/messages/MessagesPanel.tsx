import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useApiGet } from '../../../api/useApi';
import { Loading } from '../../../components/Loading';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { shortDate, timeIn } from '../time';
import { useNow } from '../waitlist/api';
import './messages.css';
import {
  kindLabel,
  messageStatusColor,
  messageStatusLabel,
  outboxPath,
  sortMessages,
  type OutboxList,
} from './model';

const SHOWN = 5;
/** Enough of the newest to put each confirmation before the reminders written with it. */
const FETCHED = 30;

/** The schedule page's compact outbox: the latest messages and their status; the full page to read them. */
export function MessagesPanel({ zone }: { zone: string }) {
  const now = useNow(30_000);
  const { data, error, loading } = useApiGet<OutboxList>(outboxPath({ limit: FETCHED }));
  const list = sortMessages(data?.results ?? []).slice(0, SHOWN);
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="panel-messages-title">
      <Stack gap="xs">
        <Group justify="space-between" align="baseline" gap="xs">
          <Title order={2} size="h4" id="panel-messages-title">
            Recent messages
          </Title>
          <Anchor component={Link} to="/app/messages" size="sm">
            All messages
          </Anchor>
        </Group>
        {data?.mailbox === 'development' ? (
          <Text size="xs" fw={600}>
            Development mailbox: messages are not emailed.
          </Text>
        ) : null}
        <ProblemAlert error={error} title="Could not load the messages" />
        {loading && !data ? <Loading label="Loading messages…" /> : null}
        {data && list.length === 0 ? <Text size="sm">No messages yet.</Text> : null}
        {list.length > 0 ? (
          <ul className="panel-list" aria-label="Latest messages">
            {list.map((m) => (
              <li key={m.id}>
                <Group justify="space-between" gap={4} wrap="nowrap" align="flex-start">
                  <Anchor component={Link} to={`/app/messages?open=${encodeURIComponent(m.id)}`} size="sm">
                    {kindLabel(m.kind)}
                    <span className="visually-hidden">: {m.subject}</span>
                  </Anchor>
                  <Badge
                    color={messageStatusColor(m.status, m)}
                    variant="light"
                    tt="none"
                    size="sm"
                    style={{ flexShrink: 0 }}
                  >
                    {messageStatusLabel(m, now)}
                  </Badge>
                </Group>
                <Text size="xs" style={{ overflowWrap: 'anywhere' }}>
                  {m.to ?? 'No address on file'} ·{' '}
                  {m.sentAt ? 'sent' : m.status === 'pending' ? 'due' : 'written'}{' '}
                  {shortDate(m.sentAt ?? (m.status === 'pending' ? m.sendAfter : m.createdAt), zone)}{' '}
                  {timeIn(m.sentAt ?? (m.status === 'pending' ? m.sendAfter : m.createdAt), zone)}
                </Text>
              </li>
            ))}
          </ul>
        ) : null}
      </Stack>
    </Paper>
  );
}
