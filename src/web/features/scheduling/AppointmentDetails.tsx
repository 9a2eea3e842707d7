import { Anchor, Badge, Button, Group, List, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { toApiError, type ApiError } from '../../api/client';
import type {
  Appointment,
  AppointmentDetail,
  AppointmentHistoryEntry,
  Practitioner,
} from '../../../contracts/scheduling.ts';
import type { Patient } from '../../../contracts/patients.ts';
import { useApiGet } from '../../api/useApi';
import { useSession } from '../../auth/session';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { noteState, practitionerName, setAppointmentStatus, statusColor, statusLabel } from './api';
import { AppointmentSummary, VisitTime } from './AppointmentSummary';
import { CancelAppointmentButton, cancelledMessage } from './CancelAppointmentButton';
import { StartNoteButton } from './StartNoteButton';
import {
  browserZone,
  dayOf,
  localEcho,
  longDate,
  longDateTime,
  todayIn,
  zoneAbbreviation,
  zoneLabel,
} from './time';

export function StatusBadge({
  appointment,
}: {
  appointment: Pick<Appointment, 'status' | 'lateCancellation'>;
}) {
  return (
    <Badge color={statusColor(appointment.status)} variant="light" tt="none">
      {statusLabel(appointment.status)}
      {appointment.status === 'cancelled' && appointment.lateCancellation ? ' (late)' : ''}
    </Badge>
  );
}

/** Staff: whether the visit still needs a signed note (nothing before the visit). */
export function NoteBadge({ appointment }: { appointment: Pick<Appointment, 'status' | 'start' | 'note'> }) {
  const state = appointment.note === undefined ? null : noteState(appointment);
  if (!state) return null;
  const [color, text] =
    state === 'signed'
      ? ['sage', 'Note signed']
      : state === 'draft'
        ? ['amber', 'Note not signed']
        : ['red', 'Needs a note'];
  return (
    <Badge color={color} variant="outline" tt="none">
      {text}
    </Badge>
  );
}

const STATUS_ACTIONS = { 'checked-in': 'Check in', completed: 'Mark completed', 'no-show': 'Record no-show' };

function historyText(e: AppointmentHistoryEntry): string {
  if (!e.from) return 'Booked';
  if (e.note === 'rescheduled') return 'Moved to another time';
  if (e.to === 'cancelled') return e.note ? `Cancelled: “${e.note}”` : 'Cancelled';
  return `${statusLabel(e.from)} → ${statusLabel(e.to)}${e.note ? ` (${e.note})` : ''}`;
}

/** A one-line description of a visit: "Tuesday, November 24, 2026 at 9:00 AM with Dr. Patel". */
export function describeVisit(
  a: Appointment,
  practitioners: readonly Practitioner[] | undefined,
  zone: string,
) {
  return `${a.appointmentTypeName ?? 'Visit'} on ${longDateTime(a.start, zone)} with ${practitionerName(practitioners, a.practitionerId)}`;
}

interface Props {
  appointmentId: string;
  /** Heading level of the title (a page uses 1, a drawer 2). */
  headingOrder?: 1 | 2;
  /** A heading to use instead of the visit type (e.g. "You are booked"). */
  heading?: string;
  /** The patient's name when the caller already knows it (the staff calendar). */
  patientName?: string;
  /** Where "Reschedule" should come back to. */
  returnTo?: string;
  onChanged?: (a: Appointment) => void;
  /** Move focus to the heading once the appointment has loaded (a page reached by navigation). */
  focusOnLoad?: boolean;
  /** Told the visit's status once loaded and whenever it changes (the page's title follows it). */
  onStatus?: (status: Appointment['status']) => void;
}

/** When a cancelled visit was cancelled: its own field, or the history entry that cancelled it. */
export function cancelledAtOf(a: AppointmentDetail): string | null {
  return a.cancelledAt ?? a.history.findLast((e) => e.to === 'cancelled')?.at ?? null;
}

/** Where "Book again" goes: the same type with the same practitioner (and patient, for staff). */
export function bookAgainHref(a: Appointment, isStaff: boolean): string {
  const params = new URLSearchParams();
  if (a.appointmentType) params.set('type', a.appointmentType);
  params.set('with', a.practitionerId);
  if (isStaff) params.set('patient', a.patientId);
  return `/app/book?${params.toString()}`;
}

/** One appointment: when, who, where, status, history; cancel and reschedule while it is booked. */
export function AppointmentDetails({
  appointmentId,
  headingOrder = 1,
  heading,
  patientName,
  returnTo,
  onChanged,
  focusOnLoad = false,
  onStatus,
}: Props) {
  const { me, isStaff } = useSession();
  const viewerZone = browserZone();
  const { data, error, loading, reload, setData } = useApiGet<AppointmentDetail>(
    `/api/v1/appointments/${encodeURIComponent(appointmentId)}`,
  );
  const practitioners = useApiGet<Practitioner[]>('/api/v1/practitioners');
  const patient = useApiGet<Patient>(
    isStaff && !patientName && data ? `/api/v1/patients/${encodeURIComponent(data.patientId)}` : null,
  );
  const [message, setMessage] = useState('');
  const [statusBusy, setStatusBusy] = useState<string | null>(null);
  const [statusError, setStatusError] = useState<ApiError | undefined>();
  const statusErrorRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (statusError) statusErrorRef.current?.focus();
  }, [statusError]);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const loaded = !!data;
  const status = data?.status;
  useEffect(() => {
    if (status) onStatus?.(status);
  }, [status, onStatus]);
  useEffect(() => {
    if (!focusOnLoad || !loaded) return;
    const frame = window.requestAnimationFrame(() => headingRef.current?.focus());
    return () => window.cancelAnimationFrame(frame);
  }, [focusOnLoad, loaded]);

  if (error) {
    return (
      <Stack gap="md">
        <Title order={headingOrder}>Appointment</Title>
        {error.status === 404 ? (
          <Text>This appointment was not found. It may not exist, or it may not be available to you.</Text>
        ) : (
          <>
            <ProblemAlert error={error} title="Could not load the appointment" />
            <div>
              <Button variant="default" onClick={reload}>
                Try again
              </Button>
            </div>
          </>
        )}
      </Stack>
    );
  }
  if (!data) {
    return (
      <Stack gap="md">
        <Title order={headingOrder}>{heading ?? 'Appointment'}</Title>
        {loading ? <Loading label="Loading the appointment…" /> : null}
      </Stack>
    );
  }

  const practitioner = practitioners.data?.find((p) => p.id === data.practitionerId);
  // Check-in is for today's visits, a no-show only once the visit has started.
  const isToday = dayOf(data.start, me.clinic.timeZone) === todayIn(me.clinic.timeZone);
  const started = Date.parse(data.start) <= Date.now();
  const statusActions: ('checked-in' | 'completed' | 'no-show')[] =
    data.status === 'checked-in'
      ? ['completed']
      : data.status === 'booked'
        ? [...(isToday ? (['checked-in'] as const) : []), ...(started ? (['no-show'] as const) : [])]
        : [];
  const zone = practitioner?.timeZone ?? me.clinic.timeZone;
  const echo = localEcho(data.start, zone, viewerZone);
  const who = patientName ?? patient.data?.name;
  const description = describeVisit(data, practitioners.data, zone);
  const open = data.status === 'booked' && Date.parse(data.end) > Date.now();
  const back = returnTo ?? (isStaff ? '/app/schedule' : '/app/me');
  const rescheduleHref = `/app/book?${new URLSearchParams({ reschedule: data.id, returnTo: back }).toString()}`;
  const cancelled = data.status === 'cancelled';
  const cancelledAt = cancelled ? cancelledAtOf(data) : null;
  // A cancelled visit never says "You are booked", whatever the link that led here.
  const title = cancelled
    ? isStaff
      ? 'Visit cancelled'
      : 'This visit was cancelled'
    : (heading ?? data.appointmentTypeName ?? 'Appointment');

  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Title order={headingOrder} ref={headingRef} tabIndex={-1}>
          {title}
        </Title>
        <Group gap="xs">
          <StatusBadge appointment={data} />
          {title !== data.appointmentTypeName && data.appointmentTypeName ? (
            <Text size="sm">{data.appointmentTypeName}</Text>
          ) : null}
        </Group>
      </Stack>
      <Text role="status" aria-live="polite" size="sm" fw={600}>
        {message}
      </Text>
      <AppointmentSummary
        rows={[
          isStaff
            ? {
                label: 'Patient',
                value: who ? (
                  <Anchor component={Link} to={`/app/patients/${encodeURIComponent(data.patientId)}`}>
                    {who}
                  </Anchor>
                ) : (
                  '…'
                ),
              }
            : null,
          { label: 'Date', value: longDate(data.start, zone) },
          {
            label: 'Time',
            value: (
              <VisitTime
                start={data.start}
                end={data.end}
                zone={zone}
                zoneText={zoneLabel(zone)}
                echo={echo}
              />
            ),
          },
          { label: 'With', value: practitionerName(practitioners.data, data.practitionerId) },
          isStaff && (data.reason || data.painScore != null)
            ? {
                label: 'Reason for the visit',
                value: `${data.reason || 'Not given'}${data.painScore != null ? ` · pain ${data.painScore}/10 when booking` : ''}`,
              }
            : null,
          isStaff
            ? {
                label: 'Visit note',
                value: data.note
                  ? data.note.status === 'signed'
                    ? 'Signed'
                    : 'Draft, not signed yet'
                  : 'Not started',
              }
            : null,
          { label: 'Place', value: me.clinic.name },
          cancelled
            ? {
                label: 'Cancelled',
                value: (
                  <>
                    {cancelledAt
                      ? `${longDateTime(cancelledAt, zone)} (${zoneAbbreviation(zone, cancelledAt)})`
                      : 'Yes'}
                    {data.lateCancellation ? (
                      <Text component="span" size="sm" display="block">
                        Late cancellation (less notice than the clinic asks for)
                      </Text>
                    ) : null}
                  </>
                ),
              }
            : null,
        ]}
      />
      {cancelled ? (
        <Stack gap="xs">
          <Text>
            {isStaff
              ? 'This time is free again. Book the patient another visit if they still need one.'
              : 'This time is no longer held for you. If you still need a visit, book another time.'}
          </Text>
          <Group gap="sm">
            <Button component={Link} to={bookAgainHref(data, isStaff)} size="md">
              Book again
            </Button>
            {!isStaff ? (
              <Button component={Link} to="/app/me" variant="default" size="md">
                See all my visits
              </Button>
            ) : null}
          </Group>
        </Stack>
      ) : null}
      {open ? (
        <Group gap="sm">
          <Button component={Link} to={rescheduleHref} size="md">
            Reschedule
          </Button>
          <CancelAppointmentButton
            size="md"
            appointment={data}
            description={description}
            patientView={!isStaff}
            onCancelled={(result) => {
              setData({ ...data, ...result, history: data.history });
              setMessage(cancelledMessage(result, description));
              reload();
              // The Cancel button goes away with the booked state: keep focus on the visit.
              window.requestAnimationFrame(() => headingRef.current?.focus());
              onChanged?.(result);
            }}
          />
        </Group>
      ) : null}
      <StartNoteButton appointment={data} />
      {isStaff && statusActions.length > 0 ? (
        <Group gap="sm">
          {statusActions.map((next) => (
            <Button
              key={next}
              variant="default"
              loading={statusBusy === next}
              disabled={!!statusBusy}
              onClick={async () => {
                setStatusBusy(next);
                setStatusError(undefined);
                try {
                  const result = await setAppointmentStatus(data.id, next);
                  setData({ ...data, ...result, history: data.history });
                  setMessage(`Status changed to “${statusLabel(result.status)}”.`);
                  reload();
                  window.requestAnimationFrame(() => headingRef.current?.focus());
                  onChanged?.(result);
                } catch (e) {
                  setStatusError(toApiError(e));
                } finally {
                  setStatusBusy(null);
                }
              }}
            >
              {STATUS_ACTIONS[next]}
            </Button>
          ))}
        </Group>
      ) : null}
      <div ref={statusErrorRef} tabIndex={-1}>
        <ProblemAlert error={statusError} title="The status was not changed" />
      </div>
      {data.history.length > 0 ? (
        <Stack gap={6} component="section" aria-label="History">
          <Title order={headingOrder === 1 ? 2 : 3} size="h5">
            History
          </Title>
          <List size="sm" spacing={4}>
            {data.history.map((e, i) => (
              <List.Item key={`${e.at}-${i}`}>
                {historyText(e)} · {longDateTime(e.at, zone)}
                {e.byUserId && e.byUserId === me.user.id ? ' · by you' : ''}
              </List.Item>
            ))}
          </List>
        </Stack>
      ) : null}
    </Stack>
  );
}
