import {
  Button,
  Checkbox,
  Drawer,
  Group,
  NativeSelect,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { Appointment, AppointmentType, Practitioner, Slot } from '../../../contracts/scheduling.ts';
import type { PatientSummary } from '../../../contracts/patients.ts';
import type { Results } from '../../../contracts/common.ts';
import { useApiGet } from '../../api/useApi';
import { useSession } from '../../auth/session';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { usePageTitle } from '../../components/usePageTitle';
import { appointmentsPath, practitionerName, shortName, useSlots } from './api';
import { AppointmentDetails } from './AppointmentDetails';
import { BookSlotModal } from './BookSlotModal';
import { CalendarGrid, type CalendarColumn } from './CalendarGrid';
import { CalendarList } from './CalendarList';
import { MessagesPanel } from './messages/MessagesPanel';
import './scheduling.css';
import {
  addDays,
  isIsoDate,
  longDate,
  longDateTime,
  rangeOfDays,
  startOfWeek,
  stripDays,
  todayIn,
  visibleHours,
  weekLabel,
  zoneLabel,
} from './time';
import { WaitlistPanel } from './waitlist/WaitlistPanel';

const ALL = 'all';
const NONE = 'none';
const PX_PER_HOUR = 96;

/**
 * `/app/schedule` (staff): the clinic's day or week, per practitioner or for everyone, as a time grid
 * or as a list. View settings live in the URL (no patient data there); the patient being booked for
 * stays in React state.
 */
export function SchedulePage() {
  usePageTitle('Schedule');
  const { me, role } = useSession();
  const zone = me.clinic.timeZone;
  const [params, setParams] = useSearchParams();
  const narrow =
    useMediaQuery('(max-width: 47.99em)', undefined, { getInitialValueInEffect: false }) ?? false;
  const today = todayIn(zone);

  const view = params.get('view') === 'week' ? 'week' : 'day';
  const date = isIsoDate(params.get('date')) ? params.get('date')! : today;
  // A clinician's schedule opens on their own day; the front desk and admins see everyone.
  const pr = params.get('pr') ?? me.user.practitionerId ?? ALL;
  const layout =
    params.get('layout') === 'list' || (params.get('layout') !== 'grid' && narrow) ? 'list' : 'grid';
  const showCancelled = params.get('cancelled') === '1';

  const types = useApiGet<AppointmentType[]>('/api/v1/appointment-types');
  const practitioners = useApiGet<Practitioner[]>('/api/v1/practitioners');
  const practitionerList = useMemo(() => practitioners.data ?? [], [practitioners.data]);
  const defaultFree = types.data?.find((t) => t.id === 'omt-follow-up')?.id ?? types.data?.[0]?.id ?? NONE;
  const free = params.get('free') ?? defaultFree;

  const [announcement, setAnnouncement] = useState('');
  const set = useCallback(
    (patch: Record<string, string | null>) => {
      const next = new URLSearchParams(params);
      for (const [k, v] of Object.entries(patch)) {
        if (v === null) next.delete(k);
        else next.set(k, v);
      }
      setAnnouncement('');
      setParams(next, { replace: true });
    },
    [params, setParams],
  );

  const firstDate = view === 'week' ? startOfWeek(date) : date;
  const dayCount = view === 'week' ? 7 : 1;
  const dates = useMemo(() => stripDays(firstDate, zone, dayCount), [firstDate, zone, dayCount]);
  const range = rangeOfDays(firstDate, dayCount, zone);

  const appointments = useApiGet<Results<Appointment>>(
    appointmentsPath({ from: range.start, to: range.end, practitionerId: pr !== ALL ? pr : undefined }),
  );
  const shownPractitioners = pr === ALL ? practitionerList : practitionerList.filter((p) => p.id === pr);
  const slotIds = useMemo(() => shownPractitioners.map((p) => p.id), [shownPractitioners]);
  // The whole clinic over a week has too many free times to show usefully: pick one practitioner or a day.
  const freeHidden = view === 'week' && pr === ALL;
  const wantSlots = free !== NONE && !freeHidden && slotIds.length > 0;
  const slots = useSlots(wantSlots ? slotIds : null, wantSlots ? free : null, range.start, range.end);

  const [openId, setOpenId] = useState<string | null>(null);
  const [openName, setOpenName] = useState<string | undefined>();
  const [pickedSlot, setPickedSlot] = useState<Slot | null>(null);
  const [bookingFor, setBookingFor] = useState<PatientSummary | null>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 60_000);
    return () => window.clearInterval(timer);
  }, []);

  const allAppointments = appointments.data?.results;
  const visibleAppointments = useMemo(
    () => (allAppointments ?? []).filter((a) => showCancelled || a.status !== 'cancelled'),
    [allAppointments, showCancelled],
  );

  // After booking from a free slot, put focus on the new block once it is drawn.
  useEffect(() => {
    if (!focusId || !allAppointments) return;
    const el = document.querySelector<HTMLElement>(`[data-appointment-id="${CSS.escape(focusId)}"]`);
    if (el) {
      el.focus();
      setFocusId(null);
    }
  }, [focusId, allAppointments, layout]);

  const label = useCallback((id: string) => practitionerName(practitionerList, id), [practitionerList]);
  const freeType = types.data?.find((t) => t.id === free) ?? null;

  const refresh = () => {
    appointments.reload();
    slots.reload();
  };

  const step = (dir: -1 | 1) => set({ date: addDays(date, dir * dayCount) });
  const rangeTitle = view === 'week' ? `Week of ${weekLabel(firstDate)}` : longDate(date, zone);

  const columns: CalendarColumn[] =
    view === 'day'
      ? shownPractitioners.map((p) => ({
          key: p.id,
          title: shortName(p.name),
          label: `${longDate(date, zone)}, ${p.name}`,
          date,
          practitionerId: p.id,
          isToday: date === today,
        }))
      : dates.map((d) => ({
          key: d.date,
          title: `${d.weekday} ${d.dayOfMonth}`,
          label: `${d.label}${pr === ALL ? ', all practitioners' : `, ${label(pr)}`}`,
          date: d.date,
          practitionerId: pr === ALL ? null : pr,
          isToday: d.date === today,
        }));

  const hours = visibleHours(
    [...visibleAppointments, ...slots.slots],
    dates.map((d) => d.date),
    zone,
    8,
    18,
  );
  const count = visibleAppointments.filter((a) => a.status !== 'cancelled').length;
  const loadError = types.error ?? practitioners.error;

  let status = '';
  if (appointments.loading && !appointments.data) status = 'Loading appointments…';
  else if (appointments.data)
    status = `${count} appointment${count === 1 ? '' : 's'}${
      wantSlots && !slots.loading
        ? `, ${slots.slots.length} free time${slots.slots.length === 1 ? '' : 's'}`
        : ''
    } · ${rangeTitle}.`;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <div>
          <Title order={1}>Schedule</Title>
          <Text size="sm" c="dimmed">
            Times in {zoneLabel(zone)}
          </Text>
        </div>
        <SegmentedControl
          aria-label="Layout"
          value={layout}
          onChange={(v) => set({ layout: v })}
          data={[
            { value: 'grid', label: 'Calendar' },
            { value: 'list', label: 'List' },
          ]}
        />
      </Group>

      <Group gap="sm" align="flex-end" wrap="wrap">
        <SegmentedControl
          aria-label="Show a day or a week"
          value={view}
          onChange={(v) => set({ view: v })}
          data={[
            { value: 'day', label: 'Day' },
            { value: 'week', label: 'Week' },
          ]}
        />
        <Group gap={6} wrap="nowrap">
          <Button
            variant="default"
            onClick={() => step(-1)}
            aria-label={view === 'week' ? 'Previous week' : 'Previous day'}
          >
            ←
          </Button>
          <Button
            variant="default"
            onClick={() => set({ date: null })}
            disabled={date === today && view === 'day'}
          >
            Today
          </Button>
          <Button
            variant="default"
            onClick={() => step(1)}
            aria-label={view === 'week' ? 'Next week' : 'Next day'}
          >
            →
          </Button>
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" verticalSpacing="sm" maw={960}>
        <TextInput
          type="date"
          label="Go to date"
          value={date}
          onChange={(e) => {
            const v = e.currentTarget.value;
            if (isIsoDate(v)) set({ date: v });
          }}
        />
        <NativeSelect
          label="Practitioner"
          value={pr}
          // "Whole clinic" is kept in the address when the default would be the clinician's own column.
          onChange={(e) => {
            const v = e.currentTarget.value;
            set({ pr: v === ALL && !me.user.practitionerId ? null : v });
          }}
          data={[
            { value: ALL, label: 'Whole clinic' },
            ...practitionerList.map((p) => ({ value: p.id, label: p.name })),
          ]}
        />
        <NativeSelect
          label="Show free times for"
          value={free}
          onChange={(e) => set({ free: e.currentTarget.value })}
          data={[
            ...(types.data ?? []).map((t) => ({
              value: t.id,
              label: `${t.name} (${t.durationMinutes} min)`,
            })),
            { value: NONE, label: 'Do not show free times' },
          ]}
        />
        <Checkbox
          label="Show cancelled"
          checked={showCancelled}
          onChange={(e) => set({ cancelled: e.currentTarget.checked ? '1' : null })}
          style={{ alignSelf: 'end' }}
          mb={8}
        />
      </SimpleGrid>

      {bookingFor ? (
        <Group gap="xs">
          <Text size="sm">
            Booking for <strong>{bookingFor.name}</strong>: pick a free time.
          </Text>
          <Button size="xs" variant="subtle" onClick={() => setBookingFor(null)}>
            Clear
          </Button>
        </Group>
      ) : null}

      <Title order={2} size="h3">
        {rangeTitle}
      </Title>
      <Text size="sm" role="status" aria-live="polite">
        {announcement || status}
      </Text>
      {freeHidden && free !== NONE ? (
        <Text size="sm" c="dimmed">
          Free times are shown in day view, or in week view for one practitioner.
        </Text>
      ) : null}
      <ProblemAlert error={loadError} title="Could not load the schedule settings" />
      <ProblemAlert error={appointments.error} title="Could not load appointments" />
      <ProblemAlert error={slots.error} title="Could not load free times" />
      {appointments.error || slots.error ? (
        <div>
          <Button variant="default" onClick={refresh}>
            Try again
          </Button>
        </div>
      ) : null}

      {!practitioners.data || (!appointments.data && appointments.loading) ? (
        <Loading label="Loading the schedule…" />
      ) : layout === 'grid' ? (
        <CalendarGrid
          columns={columns}
          appointments={visibleAppointments}
          slots={slots.slots}
          zone={zone}
          scale={{ ...hours, pxPerHour: PX_PER_HOUR }}
          practitionerLabel={(id) => shortName(label(id))}
          showPractitioner={view === 'week' && pr === ALL}
          now={now}
          onOpen={(a) => {
            setOpenName(a.patientName);
            setOpenId(a.id);
          }}
          onPickSlot={setPickedSlot}
        />
      ) : (
        <CalendarList
          dates={dates.map((d) => d.date)}
          dayHeadings={view === 'week'}
          today={today}
          appointments={visibleAppointments}
          slots={slots.slots}
          practitionerIds={slotIds}
          freeTypeName={wantSlots ? (freeType?.name ?? null) : null}
          zone={zone}
          practitionerLabel={label}
          onOpen={(a) => {
            setOpenName(a.patientName);
            setOpenId(a.id);
          }}
          onPickSlot={setPickedSlot}
        />
      )}

      {/* Under the calendar, never beside it: the grid keeps the full width, even on a phone. */}
      <SimpleGrid
        cols={{ base: 1, md: role === 'clinician' ? 1 : 2 }}
        spacing="md"
        maw={role === 'clinician' ? 640 : undefined}
      >
        <WaitlistPanel
          zone={zone}
          practitioners={practitioners.data}
          types={types.data}
          practitionerId={pr !== ALL ? pr : undefined}
        />
        {role === 'admin' || role === 'frontdesk' ? <MessagesPanel zone={zone} /> : null}
      </SimpleGrid>

      <Drawer
        opened={!!openId}
        onClose={() => setOpenId(null)}
        position="right"
        size={narrow ? '100%' : 'lg'}
        title="Appointment details"
        closeButtonProps={{ 'aria-label': 'Close appointment details' }}
      >
        {openId ? (
          <AppointmentDetails
            key={openId}
            appointmentId={openId}
            headingOrder={2}
            patientName={openName}
            returnTo={`/app/schedule${params.toString() ? `?${params.toString()}` : ''}`}
            onChanged={(a) => {
              refresh();
              setAnnouncement(
                `Cancelled ${openName ?? 'the appointment'} on ${longDateTime(a.start, zone)}${
                  a.lateCancellation ? ' (late cancellation)' : ''
                }.`,
              );
            }}
          />
        ) : null}
      </Drawer>

      {types.data ? (
        <BookSlotModal
          slot={pickedSlot}
          returnFocus={!focusId}
          types={types.data}
          defaultType={free !== NONE ? free : (types.data[0]?.id ?? '')}
          zone={zone}
          practitionerLabel={label}
          patient={bookingFor}
          onPatientChange={setBookingFor}
          onClose={() => setPickedSlot(null)}
          onTaken={refresh}
          onBooked={(a, patient) => {
            setPickedSlot(null);
            setAnnouncement(
              `Booked ${patient.name} on ${longDateTime(a.start, zone)} with ${label(a.practitionerId)}.`,
            );
            setFocusId(a.id);
            refresh();
          }}
        />
      ) : null}
    </Stack>
  );
}
