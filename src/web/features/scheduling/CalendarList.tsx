import { Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { Appointment, Slot } from '../../../contracts/scheduling.ts';
import { NoteBadge, StatusBadge } from './AppointmentDetails';
import { dayOf, longDate, timeIn, timeRange } from './time';

interface Props {
  dates: string[];
  /** One heading per day (a week); a single day is already named by the page. */
  dayHeadings: boolean;
  today: string;
  appointments: Appointment[];
  slots: Slot[];
  /** Practitioner ids in display order (free times are listed per practitioner). */
  practitionerIds: string[];
  freeTypeName: string | null;
  zone: string;
  practitionerLabel: (id: string) => string;
  onOpen: (a: Appointment) => void;
  onPickSlot: (s: Slot) => void;
}

/** The same schedule as a list: for phones and screen readers. One section per day, in time order. */
export function CalendarList({
  dates,
  dayHeadings,
  today,
  appointments,
  slots,
  practitionerIds,
  freeTypeName,
  zone,
  practitionerLabel,
  onOpen,
  onPickSlot,
}: Props) {
  return (
    <Stack gap="lg">
      {dates.map((date) => {
        const appts = appointments.filter((a) => dayOf(a.start, zone) === date);
        const free = slots.filter((s) => dayOf(s.start, zone) === date);
        const headingId = `day-${date}`;
        return (
          <section key={date} aria-labelledby={dayHeadings ? headingId : undefined}>
            {dayHeadings ? (
              <Title order={3} size="h4" id={headingId} mb="xs">
                {longDate(date, zone)}
                {date === today ? ' (today)' : ''}
              </Title>
            ) : null}
            {appts.length === 0 ? (
              <Text size="sm" mb="xs">
                No appointments.
              </Text>
            ) : (
              <Stack gap={6} component="ul" m={0} p={0} style={{ listStyle: 'none' }} mb="sm">
                {appts.map((a) => (
                  <li key={a.id}>
                    <button
                      type="button"
                      className="choice-card"
                      data-appointment-id={a.id}
                      onClick={() => onOpen(a)}
                    >
                      <Group justify="space-between" wrap="wrap" align="flex-start" gap="xs">
                        <div>
                          <Text component="span" fw={700} display="block">
                            {timeRange(a.start, a.end, zone)} · {a.patientName ?? 'Patient'}
                          </Text>
                          <Text component="span" size="sm" display="block">
                            {a.appointmentTypeName ?? a.appointmentType} with{' '}
                            {practitionerLabel(a.practitionerId)}
                          </Text>
                        </div>
                        <Group gap={4} style={{ flexShrink: 0 }}>
                          <StatusBadge appointment={a} />
                          <NoteBadge appointment={a} />
                        </Group>
                      </Group>
                    </button>
                  </li>
                ))}
              </Stack>
            )}
            {freeTypeName && free.length > 0 ? (
              <Paper withBorder p="sm" radius="md" bg="gray.0">
                <Text size="sm" fw={700} mb={6}>
                  Free times for {freeTypeName}
                </Text>
                <Stack gap="xs">
                  {practitionerIds.map((pid) => {
                    const mine = free.filter((s) => s.practitionerId === pid);
                    if (mine.length === 0) return null;
                    const who = practitionerLabel(pid);
                    return (
                      <div key={pid}>
                        <Text size="sm" mb={4}>
                          {who}
                        </Text>
                        <ul className="time-grid" aria-label={`Free times with ${who}`}>
                          {mine.map((s) => (
                            <li key={s.start}>
                              <button
                                type="button"
                                className="time-button"
                                aria-label={`Book ${timeIn(s.start, zone)} with ${who}`}
                                onClick={() => onPickSlot(s)}
                              >
                                <span className="time-button__main">{timeIn(s.start, zone)}</span>
                              </button>
                            </li>
                          ))}
                        </ul>
                      </div>
                    );
                  })}
                </Stack>
              </Paper>
            ) : null}
          </section>
        );
      })}
    </Stack>
  );
}
