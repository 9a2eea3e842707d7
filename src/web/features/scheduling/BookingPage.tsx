import { Alert, Anchor, Badge, Button, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { toApiError, type ApiError } from '../../api/client';
import type {
  AppointmentDetail,
  AppointmentType,
  Practitioner,
  Slot,
} from '../../../contracts/scheduling.ts';
import type { Patient } from '../../../contracts/patients.ts';
import { useApiGet } from '../../api/useApi';
import { useSession } from '../../auth/session';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { usePageTitle } from '../../components/usePageTitle';
import { safeNextPath } from '../../lib/format';
import {
  bookAppointment,
  durationLabel,
  isRetryable,
  isSlotGone,
  newIdempotencyKey,
  practitionerName,
  priceLabel,
  problemReason,
  problemSlug,
  rescheduleAppointment,
  shortName,
  useSlots,
} from './api';
import { VisitReasonFields } from './VisitReasonFields';
import { IntakeConsent } from './IntakeConsent';
import { PatientPicker } from './PatientPicker';
import './scheduling.css';
import {
  addDays,
  browserZone,
  dayOf,
  daysBetween,
  groupByDay,
  localEcho,
  longDate,
  longDateTime,
  rangeOfDays,
  shortDate,
  stripDays,
  timeIn,
  todayIn,
  zoneLabel,
} from './time';
import { TimeList } from './TimeList';
import { canChangeWaitlist } from './waitlist/api';
import { BookingWaitlist } from './waitlist/BookingWaitlist';
import { WeekStrip } from './WeekStrip';
import { ZoneNote } from './ZoneNote';

type StepId = 'patient' | 'type' | 'practitioner' | 'day' | 'time' | 'confirm';

const STEP_NAMES: Record<StepId, string> = {
  patient: 'Patient',
  type: 'Visit type',
  practitioner: 'Practitioner',
  day: 'Day',
  time: 'Time',
  confirm: 'Confirm',
};

/** Availability is fetched four weeks at a time (the server allows 31 days per request). */
const CHUNK_WEEKS = 4;
/** How far ahead the week strip goes (about three months). */
const MAX_WEEKS = 13;
const ANY = 'any';

function ChoiceCard({
  onClick,
  current,
  children,
}: {
  onClick: () => void;
  current?: boolean;
  children: ReactNode;
}) {
  return (
    <li>
      <button
        type="button"
        className="choice-card"
        onClick={onClick}
        aria-current={current ? 'true' : undefined}
      >
        {children}
      </button>
    </li>
  );
}

function SummaryRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" fw={700} tt="uppercase" c="dimmed" lts={0.5}>
        {label}
      </Text>
      <Text component="dd" m={0} fw={500}>
        {children}
      </Text>
    </div>
  );
}

interface Notice {
  tone: 'warning' | 'error';
  title: string;
  body: ReactNode;
}

/**
 * `/app/book`: book a visit one step per screen (type → practitioner → day → time → confirm).
 * Every choice lives in the URL (ids and dates only, never names), so the browser's back button is
 * the flow's back button and a failed request loses nothing. `?reschedule=<id>` moves an existing
 * visit with the same picker; staff book for `?patient=<id>`.
 */
export function BookingPage() {
  const { me, isStaff, role } = useSession();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const viewerZone = useMemo(() => browserZone(), []);

  const rescheduleId = params.get('reschedule');
  const returnTo = safeNextPath(params.get('returnTo'));
  const patientParam = isStaff ? params.get('patient') : null;
  usePageTitle(rescheduleId ? 'Reschedule a visit' : 'Book a visit');

  const types = useApiGet<AppointmentType[]>('/api/v1/appointment-types');
  const practitioners = useApiGet<Practitioner[]>('/api/v1/practitioners');
  const existing = useApiGet<AppointmentDetail>(
    rescheduleId ? `/api/v1/appointments/${encodeURIComponent(rescheduleId)}` : null,
  );
  const patient = useApiGet<Patient>(
    patientParam ? `/api/v1/patients/${encodeURIComponent(patientParam)}` : null,
  );

  const typeId = rescheduleId ? (existing.data?.appointmentType ?? null) : params.get('type');
  const withId = rescheduleId ? (existing.data?.practitionerId ?? null) : params.get('with');
  const day = params.get('day');
  const start = params.get('start');
  const slotWith = params.get('slotWith') ?? (withId !== ANY ? withId : null);
  const weekParam = Number.parseInt(params.get('w') ?? '', 10);

  // A visit being moved keeps its type, even one this account could not book online itself.
  const type: AppointmentType | null =
    types.data?.find((t) => t.id === typeId) ??
    (existing.data && typeId
      ? {
          id: typeId,
          name: existing.data.appointmentTypeName ?? 'Visit',
          durationMinutes: Math.round(
            (Date.parse(existing.data.end) - Date.parse(existing.data.start)) / 60_000,
          ),
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          bookableOnline: false,
        }
      : null);
  const practitionerList = useMemo(() => practitioners.data ?? [], [practitioners.data]);
  const chosenPractitioner = practitionerList.find((p) => p.id === withId) ?? null;
  const zone = chosenPractitioner?.timeZone ?? me.clinic.timeZone;
  const today = todayIn(zone);

  const steps: StepId[] = rescheduleId
    ? ['day', 'time', 'confirm']
    : [...(isStaff ? (['patient'] as const) : []), 'type', 'practitioner', 'day', 'time', 'confirm'];
  let step: StepId = 'confirm';
  if (isStaff && !rescheduleId && !patientParam) step = 'patient';
  else if (!typeId) step = 'type';
  else if (!withId) step = 'practitioner';
  else if (!day) step = 'day';
  else if (!start) step = 'time';
  const stepIndex = steps.indexOf(step);

  // Which weeks to show and which four-week chunk of availability that needs.
  const allIds = useMemo(() => practitionerList.map((p) => p.id), [practitionerList]);
  const searchIds = step === 'practitioner' || withId === ANY ? allIds : withId ? [withId] : [];
  const weekOf = (date: string) => Math.max(0, Math.floor(daysBetween(today, date) / 7));
  const weekFromDay = day ? weekOf(day) : null;
  const requestedWeek = Number.isFinite(weekParam) ? Math.min(Math.max(weekParam, 0), MAX_WEEKS - 1) : null;
  const chunk = Math.floor((requestedWeek ?? weekFromDay ?? 0) / CHUNK_WEEKS);
  const chunkRange = rangeOfDays(addDays(today, chunk * CHUNK_WEEKS * 7), CHUNK_WEEKS * 7, zone);
  const needSlots = step !== 'patient' && step !== 'type' && !!typeId && searchIds.length > 0;
  const slots = useSlots(
    needSlots ? searchIds : null,
    typeId,
    needSlots ? chunkRange.start : null,
    needSlots ? chunkRange.end : null,
  );

  // "First available" offers one practitioner per time: the first in the list who is free then.
  const offered = useMemo(() => {
    if (withId !== ANY) return slots.slots;
    const order = new Map(allIds.map((id, i) => [id, i]));
    const byStart = new Map<string, Slot>();
    for (const s of slots.slots) {
      const prev = byStart.get(s.start);
      if (!prev || (order.get(s.practitionerId) ?? 99) < (order.get(prev.practitionerId) ?? 99))
        byStart.set(s.start, s);
    }
    return [...byStart.values()].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  }, [slots.slots, withId, allIds]);
  const byDay = useMemo(() => groupByDay(offered, zone), [offered, zone]);
  const counts = useMemo(() => new Map([...byDay].map(([d, list]) => [d, list.length])), [byDay]);

  // Without an explicit week, open the first week of the chunk that has a free time.
  const firstSlotWeek = offered[0] ? weekOf(dayOf(offered[0].start, zone)) : null;
  const week = requestedWeek ?? weekFromDay ?? (slots.loading ? 0 : (firstSlotWeek ?? 0));

  const [notice, setNotice] = useState<Notice | null>(null);
  const [submitError, setSubmitError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState('');
  const [pain, setPain] = useState('');
  const attempt = useRef<{ signature: string; key: string } | null>(null);
  // A failed request disables (and so unfocuses) the button: put focus on the explanation instead.
  const errorRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (submitError) errorRef.current?.focus();
  }, [submitError]);

  const go = useCallback(
    (patch: Record<string, string | null>, options: { keepNotice?: boolean } = {}) => {
      const next = new URLSearchParams(params);
      for (const [k, v] of Object.entries(patch)) {
        if (v === null) next.delete(k);
        else next.set(k, v);
      }
      if (!options.keepNotice) setNotice(null);
      setSubmitError(undefined);
      setParams(next);
    },
    [params, setParams],
  );

  // Move focus to the step's heading when the step changes (not on first load: the shell does that).
  const headingRef = useRef<HTMLHeadingElement>(null);
  const previousStep = useRef(step);
  useEffect(() => {
    if (previousStep.current === step) return;
    previousStep.current = step;
    const frame = window.requestAnimationFrame(() => headingRef.current?.focus());
    return () => window.cancelAnimationFrame(frame);
  }, [step]);

  const exitTo =
    returnTo ?? (rescheduleId ? `/app/appointments/${rescheduleId}` : isStaff ? '/app/schedule' : '/app/me');
  const back = () => {
    switch (step) {
      case 'confirm':
        return go({ start: null, slotWith: null });
      case 'time':
        return go({ day: null, start: null, slotWith: null });
      case 'day':
        if (rescheduleId) return void navigate(exitTo);
        return go({ with: null, day: null, w: null, start: null, slotWith: null });
      case 'practitioner':
        return go({ type: null, w: null });
      case 'type':
        if (isStaff) return go({ patient: null });
        return void navigate(exitTo);
      case 'patient':
        return void navigate(exitTo);
    }
  };

  const loadError = types.error ?? practitioners.error ?? existing.error ?? patient.error;
  const heading = rescheduleId ? 'Reschedule a visit' : 'Book a visit';

  if (loadError) {
    return (
      <Stack gap="md" maw={560}>
        <Title order={1}>{heading}</Title>
        <ProblemAlert error={loadError} title="Could not load what booking needs" />
        <div>
          <Button
            onClick={() => {
              types.reload();
              practitioners.reload();
              existing.reload();
              patient.reload();
            }}
          >
            Try again
          </Button>
        </div>
      </Stack>
    );
  }
  if (!types.data || !practitioners.data || (rescheduleId && !existing.data)) {
    return (
      <Stack gap="md" maw={560}>
        <Title order={1}>{heading}</Title>
        <Loading label="Loading booking…" />
      </Stack>
    );
  }
  if (existing.data && existing.data.status !== 'booked') {
    return (
      <Stack gap="md" maw={560}>
        <Title order={1}>{heading}</Title>
        <Text>
          This visit is {existing.data.status === 'cancelled' ? 'cancelled' : 'no longer open'}, so it cannot
          be moved. Book a new visit instead.
        </Text>
        <Group>
          <Button component={Link} to="/app/book">
            Book a visit
          </Button>
        </Group>
      </Stack>
    );
  }

  const days = stripDays(addDays(today, week * 7), zone, 7);
  const weekSlotsLoading = slots.loading && offered.length === 0;
  const chosenSlot = start && slotWith ? { start, practitionerId: slotWith, end: '' } : null;
  const daySlots = day ? (byDay.get(day) ?? []) : [];
  const earliest = offered[0] ?? null;

  const submit = async () => {
    if (!chosenSlot || !type) return;
    const body = {
      practitionerId: chosenSlot.practitionerId,
      appointmentType: type.id,
      start: chosenSlot.start,
      ...(patientParam ? { patientId: patientParam } : {}),
      ...(reason.trim() ? { reason: reason.trim() } : {}),
      ...(pain !== '' ? { painScore: Number(pain) } : {}),
    };
    const signature = JSON.stringify({ rescheduleId, ...body });
    // One key per booking attempt, reused when the same attempt is retried after a failure.
    if (!attempt.current || attempt.current.signature !== signature)
      attempt.current = { signature, key: newIdempotencyKey() };
    setBusy(true);
    setSubmitError(undefined);
    try {
      const result = rescheduleId
        ? await rescheduleAppointment(rescheduleId, chosenSlot.start)
        : await bookAppointment(body, attempt.current.key);
      attempt.current = null;
      const after = new URLSearchParams({ [rescheduleId ? 'moved' : 'booked']: '1' });
      if (returnTo) after.set('returnTo', returnTo);
      void navigate(`/app/appointments/${encodeURIComponent(result.id)}?${after.toString()}`, {
        replace: true,
      });
    } catch (e) {
      const error = toApiError(e);
      if (!isRetryable(error)) attempt.current = null;
      if (isSlotGone(error)) {
        const reason = problemReason(error);
        const what = `${timeIn(chosenSlot.start, zone)} on ${shortDate(chosenSlot.start, zone)}`;
        setNotice({
          tone: 'warning',
          title: 'That time was just taken',
          body: (
            <>
              Sorry, {what} is no longer free: someone may have booked it a moment ago.
              {reason && reason !== 'conflict' && error.problem.detail ? ` ${error.problem.detail}` : ''} Here
              are the times that are still free; your other choices are kept.
            </>
          ),
        });
        slots.reload();
        go({ start: null, slotWith: null }, { keepNotice: true });
      } else {
        setSubmitError(error);
      }
    } finally {
      setBusy(false);
    }
  };

  const practitionerLabel = (id: string) => practitionerName(practitionerList, id);
  const shortLabel = (id: string) => shortName(practitionerLabel(id));
  const choiceSummary = [
    patient.data && isStaff ? `For ${patient.data.name}` : null,
    type ? `${type.name} (${durationLabel(type.durationMinutes)})` : null,
    step !== 'practitioner' && withId
      ? withId === ANY
        ? 'First available practitioner'
        : practitionerLabel(withId)
      : null,
  ].filter((s): s is string => !!s);

  // No time that suits: the waitlist for this type and practitioner (not when moving a visit).
  const canWait = !rescheduleId && !!type && canChangeWaitlist(role) && (!isStaff || !!patient.data);
  const waitlistBox = (from?: string, to?: string) =>
    canWait && type && types.data ? (
      <BookingWaitlist
        key={`${type.id}|${withId ?? ''}`}
        types={types.data}
        practitioners={practitionerList}
        zone={zone}
        today={today}
        typeId={type.id}
        practitionerId={withId && withId !== ANY ? withId : null}
        from={from}
        to={to}
        patient={isStaff && patient.data ? { id: patient.data.id, name: patient.data.name } : null}
      />
    ) : null;

  let stepTitle = '';
  let body: ReactNode = null;
  switch (step) {
    case 'patient':
      stepTitle = 'Who is the visit for?';
      body = <PatientPicker selectedId={patientParam} onPick={(p) => go({ patient: p.id })} autoFocus />;
      break;

    case 'type':
      stepTitle = 'What kind of visit?';
      body = (
        <Stack gap="sm" component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Visit types">
          {types.data.length === 0 ? (
            <Text>No visit types can be booked online. Please call the clinic.</Text>
          ) : null}
          {types.data.map((t) => {
            const price = priceLabel(t);
            return (
              <ChoiceCard key={t.id} current={t.id === typeId} onClick={() => go({ type: t.id, w: null })}>
                <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
                  <Text fw={700} component="span">
                    {t.name}
                  </Text>
                  <Badge variant="light" color="gray" tt="none" style={{ flexShrink: 0 }}>
                    {durationLabel(t.durationMinutes)}
                  </Badge>
                </Group>
                {t.description ? (
                  <Text size="sm" component="span" display="block" mt={4}>
                    {t.description}
                  </Text>
                ) : null}
                <Group gap="xs" mt={6}>
                  {price ? (
                    <Text size="sm" fw={600} component="span">
                      {price}
                    </Text>
                  ) : null}
                  {t.newPatientOnly ? (
                    <Badge variant="outline" color="sage" tt="none">
                      New patients only
                    </Badge>
                  ) : null}
                  {isStaff && !t.bookableOnline ? (
                    <Badge variant="outline" color="gray" tt="none">
                      Staff booking only
                    </Badge>
                  ) : null}
                </Group>
              </ChoiceCard>
            );
          })}
        </Stack>
      );
      break;

    case 'practitioner': {
      stepTitle = 'Who would you like to see?';
      const nextFree = (id: string) =>
        offered.find((s) => s.practitionerId === id) ?? slots.slots.find((s) => s.practitionerId === id);
      const freeText = (slot: Slot | undefined) => {
        if (slots.loading && slots.slots.length === 0) return 'Checking free times…';
        if (slots.error) return 'Free times could not be checked.';
        return slot
          ? `Next free: ${shortDate(slot.start, zone)} at ${timeIn(slot.start, zone)}`
          : 'No free times in the next 4 weeks';
      };
      body = (
        <Stack gap="sm">
          <ProblemAlert error={slots.error} title="Could not check free times" />
          <Stack gap="sm" component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Practitioners">
            <ChoiceCard current={withId === ANY} onClick={() => go({ with: ANY, w: null })}>
              <Text fw={700} component="span" display="block">
                First available
              </Text>
              <Text size="sm" component="span" display="block">
                Any of our practitioners: we show the earliest free times.
              </Text>
              <Text size="sm" fw={600} component="span" display="block" mt={4}>
                {earliest
                  ? `Earliest: ${shortDate(earliest.start, zone)} at ${timeIn(earliest.start, zone)} with ${practitionerLabel(earliest.practitionerId)}`
                  : freeText(undefined)}
              </Text>
            </ChoiceCard>
            {practitionerList.map((p) => (
              <ChoiceCard key={p.id} current={p.id === withId} onClick={() => go({ with: p.id, w: null })}>
                <Text fw={700} component="span" display="block">
                  {p.name}
                </Text>
                {p.boardCertifications && p.boardCertifications.length > 0 ? (
                  <Text size="sm" component="span" display="block">
                    Board certified: {p.boardCertifications.join('; ')}
                  </Text>
                ) : null}
                {p.languages && p.languages.length > 0 ? (
                  <Text size="sm" component="span" display="block">
                    Speaks {p.languages.join(', ')}
                  </Text>
                ) : null}
                <Text size="sm" fw={600} component="span" display="block" mt={4}>
                  {freeText(nextFree(p.id))}
                </Text>
              </ChoiceCard>
            ))}
          </Stack>
          <ZoneNote zone={me.clinic.timeZone} viewerZone={viewerZone} />
        </Stack>
      );
      break;
    }

    case 'day': {
      stepTitle = 'Pick a day';
      const openDays = days.filter((d) => counts.has(d.date)).length;
      body = (
        <Stack gap="md">
          <ZoneNote zone={zone} viewerZone={viewerZone} />
          <ProblemAlert error={slots.error} title="Could not check free times" />
          {slots.error ? (
            <div>
              <Button variant="default" onClick={slots.reload}>
                Try again
              </Button>
            </div>
          ) : null}
          <WeekStrip
            days={days}
            counts={counts}
            selected={day}
            today={today}
            loading={weekSlotsLoading}
            onSelect={(d) => go({ day: d, w: String(week) })}
            onPrevious={week > 0 ? () => go({ w: String(week - 1) }) : null}
            onNext={week < MAX_WEEKS - 1 ? () => go({ w: String(week + 1) }) : null}
          />
          <Text size="sm" role="status" aria-live="polite">
            {weekSlotsLoading
              ? 'Checking free times…'
              : slots.error
                ? ''
                : openDays === 0
                  ? 'No free times this week. Try the next week.'
                  : `${openDays} day${openDays === 1 ? '' : 's'} with free times this week.`}
          </Text>
          {earliest && withId === ANY && !rescheduleId ? (
            <Paper withBorder p="md" radius="md">
              <Text size="sm" fw={700}>
                Earliest free time
              </Text>
              <Text size="sm">
                {longDateTime(earliest.start, zone)} with {practitionerLabel(earliest.practitionerId)}
              </Text>
              <Button
                mt="xs"
                variant="light"
                onClick={() =>
                  go({
                    day: dayOf(earliest.start, zone),
                    start: earliest.start,
                    slotWith: earliest.practitionerId,
                  })
                }
              >
                Choose this time
              </Button>
            </Paper>
          ) : null}
          {weekSlotsLoading ? null : waitlistBox(days[0]?.date, days[days.length - 1]?.date)}
        </Stack>
      );
      break;
    }

    case 'time':
      stepTitle = `Pick a time`;
      body = (
        <Stack gap="md">
          <Text fw={600}>{day ? longDate(day, zone) : ''}</Text>
          <ZoneNote zone={zone} viewerZone={viewerZone} />
          <ProblemAlert error={slots.error} title="Could not check free times" />
          {slots.loading && daySlots.length === 0 ? (
            <Loading label="Checking free times…" />
          ) : (
            <TimeList
              slots={daySlots}
              zone={zone}
              viewerZone={viewerZone}
              practitionerLabel={withId === ANY ? shortLabel : undefined}
              onPick={(s) => go({ start: s.start, slotWith: s.practitionerId })}
            />
          )}
          {!slots.loading && daySlots.length === 0 ? (
            <div>
              <Button
                variant="default"
                onClick={() => go({ day: null, start: null, slotWith: null }, { keepNotice: true })}
              >
                Pick another day
              </Button>
            </div>
          ) : null}
          {day ? waitlistBox(day, addDays(day, 6)) : null}
        </Stack>
      );
      break;

    case 'confirm': {
      stepTitle = rescheduleId ? 'Check the new time' : 'Check and book';
      const slotZone = practitionerList.find((p) => p.id === chosenSlot?.practitionerId)?.timeZone ?? zone;
      const echo = chosenSlot ? localEcho(chosenSlot.start, slotZone, viewerZone) : null;
      const end =
        chosenSlot && type
          ? new Date(Date.parse(chosenSlot.start) + type.durationMinutes * 60_000).toISOString()
          : null;
      const slug = submitError ? problemSlug(submitError) : '';
      body =
        chosenSlot && type ? (
          <Stack gap="md">
            <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
              <Stack component="dl" gap="sm" m={0}>
                {patient.data && isStaff ? (
                  <SummaryRow label="Patient">{patient.data.name}</SummaryRow>
                ) : null}
                <SummaryRow label="Visit">
                  {type.name} · {durationLabel(type.durationMinutes)}
                </SummaryRow>
                {priceLabel(type) ? <SummaryRow label="Price">{priceLabel(type)}</SummaryRow> : null}
                <SummaryRow label="With">{practitionerLabel(chosenSlot.practitionerId)}</SummaryRow>
                {existing.data ? (
                  <SummaryRow label="Currently">{longDateTime(existing.data.start, slotZone)}</SummaryRow>
                ) : null}
                <SummaryRow label={rescheduleId ? 'New date' : 'Date'}>
                  {longDate(chosenSlot.start, slotZone)}
                </SummaryRow>
                <SummaryRow label={rescheduleId ? 'New time' : 'Time'}>
                  {timeIn(chosenSlot.start, slotZone)}
                  {end ? ` – ${timeIn(end, slotZone)}` : ''}
                  <Text component="span" size="sm" c="dimmed" display="block">
                    {zoneLabelShort(slotZone)}
                    {echo ? ` · ${echo}` : ''}
                  </Text>
                </SummaryRow>
                <SummaryRow label="Place">{me.clinic.name}</SummaryRow>
              </Stack>
            </Paper>
            {rescheduleId ? null : (
              <VisitReasonFields
                reason={reason}
                pain={pain}
                onReason={setReason}
                onPain={setPain}
                forPatient={!isStaff}
              />
            )}
            {submitError ? (
              <Stack gap="xs" ref={errorRef} tabIndex={-1}>
                {slug === 'intake-consent-required' ? (
                  <Text fw={600}>One more step before your first visit can be booked.</Text>
                ) : (
                  <ProblemAlert
                    error={submitError}
                    title={rescheduleId ? 'The visit was not moved' : 'The visit was not booked'}
                  />
                )}
                {slug === 'booking-limit' ? (
                  <div>
                    <Button component={Link} to="/app/me" variant="default">
                      See your upcoming visits
                    </Button>
                  </div>
                ) : null}
                {slug === 'intake-consent-required' && me.user.patientId ? (
                  <IntakeConsent patientId={me.user.patientId} onAccepted={() => void submit()} />
                ) : null}
                {slug === 'new-patient-only' ? (
                  <div>
                    <Button
                      variant="default"
                      onClick={() => go({ type: null, day: null, start: null, slotWith: null, w: null })}
                    >
                      Choose another visit type
                    </Button>
                  </div>
                ) : null}
                {isRetryable(submitError) ? (
                  <Text size="sm">Nothing was booked twice: pressing the button again safely retries.</Text>
                ) : null}
              </Stack>
            ) : null}
            {slug !== 'booking-limit' && slug !== 'new-patient-only' && slug !== 'intake-consent-required' ? (
              <Button size="lg" fullWidth loading={busy} onClick={submit}>
                {rescheduleId ? 'Move my visit to this time' : 'Book this visit'}
              </Button>
            ) : null}
            <Button size="md" variant="default" fullWidth onClick={back} disabled={busy}>
              Choose another time
            </Button>
          </Stack>
        ) : (
          <Loading />
        );
      break;
    }
  }

  return (
    <Stack gap="md" maw={560}>
      <Group justify="space-between" align="center" wrap="nowrap">
        <Button variant="subtle" size="md" px="xs" onClick={back} disabled={busy}>
          ← Back
        </Button>
        <Anchor component={Link} to={exitTo} size="sm">
          {rescheduleId ? 'Keep the current time' : 'Leave booking'}
        </Anchor>
      </Group>
      <Title order={1} size="h2">
        {heading}
      </Title>
      <div>
        <Text size="sm" fw={600}>
          Step {stepIndex + 1} of {steps.length}: {STEP_NAMES[step]}
        </Text>
        <Progress value={((stepIndex + 1) / steps.length) * 100} size="sm" mt={6} aria-hidden="true" />
      </div>
      {choiceSummary.length > 0 ? (
        <Text size="sm" c="dimmed">
          {choiceSummary.join(' · ')}
        </Text>
      ) : null}
      <Title order={2} size="h3" ref={headingRef} tabIndex={-1}>
        {stepTitle}
      </Title>
      {notice ? (
        <Alert color={notice.tone === 'warning' ? 'amber' : 'red'} title={notice.title} role="alert">
          <Text size="sm">{notice.body}</Text>
        </Alert>
      ) : null}
      {body}
    </Stack>
  );
}

function zoneLabelShort(zone: string): string {
  return `Times in ${zoneLabel(zone)}`;
}
