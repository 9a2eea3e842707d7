import { Alert, Button, Group, List, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { api, toApiError, type ApiError } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';

interface Slot {
  start: string;
  localStart: string | null;
}
interface Proposal {
  remaining: number;
  unproposed: number;
  perWeek: number;
  practitioner: { id: string; name: string; timeZone: string } | null;
  appointmentType: { code: string; name: string; durationMinutes: number } | null;
  slots: (Slot & { timeZone: string })[];
}
interface Answer {
  practitioner: { timeZone: string } | null;
  booked: (Slot & { id: string })[];
  notBooked: (Slot & { reason: string })[];
}

/** A time as the practitioner's clinic reads it, e.g. "Mon, Mar 15, 9:00 AM". */
function when(iso: string, zone: string | undefined) {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).format(new Date(iso));
}

/**
 * "Book remaining visits" on an active plan: shows the proposed times (the plan's pace, its
 * practitioner), books them on confirmation through the booking service, then says what was booked
 * and what was not, and why.
 */
export function BookPlanVisits({ planId, onBooked }: { planId: string; onBooked: () => void }) {
  const [proposal, setProposal] = useState<Proposal | null>(null);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  // One key per proposal: a retried confirmation replays instead of booking twice.
  const [idemKey, setIdemKey] = useState('');
  const zone = proposal?.practitioner?.timeZone;

  async function run(fn: () => Promise<void>) {
    setBusy(true);
    setError(undefined);
    try {
      await fn();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  }
  const propose = () =>
    run(async () => {
      setAnswer(null);
      setProposal(await api.get<Proposal>(`/api/v1/care-plans/${planId}/visit-proposal`));
      setIdemKey(crypto.randomUUID());
    });
  const confirm = () =>
    run(async () => {
      const res = await api.post<Answer>(
        `/api/v1/care-plans/${planId}/book-visits`,
        { starts: proposal!.slots.map((s) => s.start) },
        { headers: { 'Idempotency-Key': idemKey } },
      );
      setAnswer(res);
      setProposal(null);
      onBooked();
    });

  return (
    <Stack gap="xs">
      {!proposal && (
        <Group>
          <Button size="xs" variant="light" onClick={() => void propose()} loading={busy && !proposal}>
            Book remaining visits
          </Button>
        </Group>
      )}
      {proposal && (
        <Stack gap={4} role="region" aria-label="Proposed visits">
          {proposal.remaining === 0 ? (
            <Text size="sm">Every visit of this plan is done or booked.</Text>
          ) : proposal.slots.length === 0 ? (
            <Text size="sm">
              {proposal.practitioner
                ? 'No free times were found at the plan’s pace; book from the schedule.'
                : 'The plan has no practitioner with a schedule; book from the schedule.'}
            </Text>
          ) : (
            <>
              <Text size="sm">
                {proposal.slots.length} of {proposal.remaining} remaining visits
                {proposal.appointmentType
                  ? ` (${proposal.appointmentType.name}, ${proposal.appointmentType.durationMinutes} min)`
                  : ''}{' '}
                with {proposal.practitioner?.name}, {proposal.perWeek}× a week. Times in {zone}:
              </Text>
              <List size="sm" spacing={2}>
                {proposal.slots.map((s) => (
                  <List.Item key={s.start}>{when(s.start, zone)}</List.Item>
                ))}
              </List>
              {proposal.unproposed > 0 && (
                <Text size="sm">
                  {proposal.unproposed} more could not be placed: book them from the schedule.
                </Text>
              )}
            </>
          )}
          <Group>
            {proposal.slots.length > 0 && (
              <Button size="xs" onClick={() => void confirm()} loading={busy}>
                Book {proposal.slots.length} {proposal.slots.length === 1 ? 'visit' : 'visits'}
              </Button>
            )}
            <Button size="xs" variant="default" onClick={() => setProposal(null)}>
              Cancel
            </Button>
          </Group>
        </Stack>
      )}
      <div role="status">
        {answer && (
          <Alert color={answer.notBooked.length ? 'amber' : 'sage'} p="xs" title="Booking from the plan">
            {answer.booked.length > 0 && (
              <>
                <Text size="sm">Booked {answer.booked.length}:</Text>
                <List size="sm" spacing={2}>
                  {answer.booked.map((b) => (
                    <List.Item key={b.id}>{when(b.start, answer.practitioner?.timeZone)}</List.Item>
                  ))}
                </List>
              </>
            )}
            {answer.notBooked.length > 0 && (
              <>
                <Text size="sm">Not booked {answer.notBooked.length}:</Text>
                <List size="sm" spacing={2}>
                  {answer.notBooked.map((n) => (
                    <List.Item key={n.start}>
                      {n.localStart ? when(n.start, answer.practitioner?.timeZone) : n.start}: {n.reason}
                    </List.Item>
                  ))}
                </List>
              </>
            )}
            {answer.booked.length === 0 && answer.notBooked.length === 0 && (
              <Text size="sm">Nothing was left to book.</Text>
            )}
          </Alert>
        )}
      </div>
      <ProblemAlert error={error} />
    </Stack>
  );
}
