import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useApiGet } from '../../../api/useApi';
import { Loading } from '../../../components/Loading';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { longDateTime } from '../time';
import {
  icsPath,
  kindLabel,
  messagePath,
  messageStatusColor,
  messageStatusLabel,
  statusReason,
  transportLabel,
  type OutboxMessageFull,
} from './model';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group gap="xs" align="baseline" wrap="nowrap">
      <Text component="dt" size="sm" fw={700} w={72} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text component="dd" size="sm" m={0} style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </Group>
  );
}

/** One message as the patient receives it (subject, text, calendar attachment), with its delivery status. */
export function MessageView({ id, zone, now }: { id: string; zone: string; now: number }) {
  const { data, error, loading, reload } = useApiGet<OutboxMessageFull>(messagePath(id));
  if (error) {
    return (
      <Stack gap="sm">
        <ProblemAlert error={error} title="Could not open the message" />
        <div>
          <Button variant="default" onClick={reload}>
            Try again
          </Button>
        </div>
      </Stack>
    );
  }
  if (!data) return loading ? <Loading label="Opening the message…" /> : null;
  const reason = statusReason(data);
  const where = transportLabel(data.transport);
  return (
    <Stack gap="md">
      <Group gap="xs">
        <Badge variant="outline" color="gray" tt="none">
          {kindLabel(data.kind)}
        </Badge>
        <Badge variant="light" color={messageStatusColor(data.status, data)} tt="none">
          {messageStatusLabel(data, now)}
        </Badge>
      </Group>
      <Text size="sm">
        {data.status === 'sent' && data.sentAt
          ? `Sent ${longDateTime(data.sentAt, zone)}${where ? ` to the ${where}` : ''}.`
          : data.status === 'pending'
            ? `To be sent ${Date.parse(data.sendAfter) > now ? longDateTime(data.sendAfter, zone) : 'within a minute'}.`
            : null}
        {reason ? ` ${reason}` : ''}
      </Text>
      <Paper
        withBorder
        radius="md"
        p={{ base: 'sm', sm: 'md' }}
        component="article"
        aria-labelledby="message-subject"
      >
        <Stack gap="sm">
          <Stack component="dl" gap={2} m={0}>
            <Row label="To">{data.to ?? 'No email address on file'}</Row>
            <Row label="Written">{longDateTime(data.createdAt, zone)}</Row>
          </Stack>
          <Title order={3} size="h4" id="message-subject">
            {data.subject}
          </Title>
          <Text size="sm" className="message-text">
            {data.text}
          </Text>
          {data.hasCalendarInvite ? (
            <Group gap="xs" className="message-attachment">
              <Text size="sm" fw={600}>
                Attachment:
              </Text>
              <Anchor href={icsPath(data.id)} download="appointment.ics" size="sm">
                appointment.ics (calendar invitation)
              </Anchor>
            </Group>
          ) : null}
        </Stack>
      </Paper>
      {data.appointmentId ? (
        <Anchor component={Link} to={`/app/appointments/${encodeURIComponent(data.appointmentId)}`} size="sm">
          Open the appointment
        </Anchor>
      ) : null}
    </Stack>
  );
}
