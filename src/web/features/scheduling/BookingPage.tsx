import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import type { AppointmentDetail, AppointmentType, Practitioner } from '../../../contracts/scheduling.ts';
import type { Patient } from '../../../contracts/patients.ts';
import { useApiGet } from '../../api/useApi';
import { useSession } from '../../auth/session';
import { Loading } from '../../components/Loading';
import { usePageTitle } from '../../components/usePageTitle';
import { safeNextPath } from '../../lib/format';
import { durationLabel, practitionerName, shortName } from './api';
import { BookingFrame } from './booking/BookingFrame';
import { ConfirmStep } from './booking/ConfirmStep';
import { DayStep } from './booking/DayStep';
import { BookingLoadError, BookingLoading, BookingNotOpen } from './booking/LoadStates';
import { PractitionerStep } from './booking/PractitionerStep';
import { ANY, backFrom, currentStep, MAX_WEEKS, stepsOf, stepTitle } from './booking/steps';
import { TimeStep } from './booking/TimeStep';
import { TypeStep } from './booking/TypeStep';
import { useAvailability } from './booking/useAvailability';
import { useBookingSubmit, type Notice } from './booking/useBookingSubmit';
import { PatientPicker } from './PatientPicker';
import './scheduling.css';
import { addDays, browserZone, dayOf, stripDays, todayIn } from './time';
import { canChangeWaitlist } from './waitlist/api';
import { BookingWaitlist } from './waitlist/BookingWaitlist';

/**
 * `/app/book`: book a visit one step per screen (type → practitioner → day → time → confirm).
 * Every choice lives in the URL (ids and dates only, never names), so the browser's back button is
 * the flow's back button and a failed request loses nothing. `?reschedule=<id>` moves an existing
 * visit with the same picker; staff book for `?patient=<id>`. The steps are in `booking/`; this page
 * reads the URL, loads what they need and holds what is typed.
 */
export function BookingPage() {
  const { me, isStaff, role } = useSession();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const viewerZone = useMemo(() => browserZone(), []);

  const rescheduleId = params.get('reschedule');
  const returnTo = safeNextPath(params.get('returnTo'));
  const patientParam = isStaff ? params.get('patient') : null;
  const heading = rescheduleId ? 'Reschedule a visit' : 'Book a visit';
  usePageTitle(heading);

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

  const flow = { rescheduling: !!rescheduleId, isStaff };
  const steps = stepsOf(flow);
  const step = currentStep({ ...flow, patientId: patientParam, typeId, withId, day, start });
  const { slots, offered, byDay, counts, week } = useAvailability({
    practitioners: practitionerList,
    step,
    typeId,
    withId,
    day,
    weekParam: Number.parseInt(params.get('w') ?? '', 10),
    today,
    zone,
  });

  const [notice, setNotice] = useState<Notice | null>(null);
  const [reason, setReason] = useState('');
  const [pain, setPain] = useState('');
  const { submit, submitError, setSubmitError, busy } = useBookingSubmit(rescheduleId, returnTo);

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
    [params, setParams, setSubmitError],
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
    const patch = backFrom(step, flow);
    if (patch === 'exit') return void navigate(exitTo);
    return go(patch);
  };

  const loadError = types.error ?? practitioners.error ?? existing.error ?? patient.error;
  if (loadError) {
    const retry = () => {
      types.reload();
      practitioners.reload();
      existing.reload();
      patient.reload();
    };
    return <BookingLoadError heading={heading} error={loadError} onRetry={retry} />;
  }
  if (!types.data || !practitioners.data || (rescheduleId && !existing.data))
    return <BookingLoading heading={heading} />;
  if (existing.data && existing.data.status !== 'booked')
    return <BookingNotOpen heading={heading} status={existing.data.status} />;

  const days = stripDays(addDays(today, week * 7), zone, 7);
  const chosenSlot = start && slotWith ? { start, practitionerId: slotWith } : null;
  const earliest = offered[0] ?? null;
  const forPatient = isStaff && patient.data ? patient.data : null;

  const book = () => {
    if (!chosenSlot || !type) return;
    return submit(
      {
        practitionerId: chosenSlot.practitionerId,
        appointmentType: type.id,
        start: chosenSlot.start,
        ...(patientParam ? { patientId: patientParam } : {}),
        ...(reason.trim() ? { reason: reason.trim() } : {}),
        ...(pain !== '' ? { painScore: Number(pain) } : {}),
      },
      zone,
      (gone) => {
        setNotice(gone);
        slots.reload();
        go({ start: null, slotWith: null }, { keepNotice: true });
      },
    );
  };

  const practitionerLabel = (id: string) => practitionerName(practitionerList, id);
  const choiceSummary = [
    forPatient ? `For ${forPatient.name}` : null,
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
    canWait && type ? (
      <BookingWaitlist
        key={`${type.id}|${withId ?? ''}`}
        types={types.data ?? []}
        practitioners={practitionerList}
        zone={zone}
        today={today}
        typeId={type.id}
        practitionerId={withId && withId !== ANY ? withId : null}
        from={from}
        to={to}
        patient={forPatient ? { id: forPatient.id, name: forPatient.name } : null}
      />
    ) : null;

  let body: ReactNode = null;
  switch (step) {
    case 'patient':
      body = <PatientPicker selectedId={patientParam} onPick={(p) => go({ patient: p.id })} autoFocus />;
      break;
    case 'type':
      body = (
        <TypeStep
          types={types.data}
          typeId={typeId}
          isStaff={isStaff}
          onPick={(id) => go({ type: id, w: null })}
        />
      );
      break;
    case 'practitioner':
      body = (
        <PractitionerStep
          practitioners={practitionerList}
          withId={withId}
          slots={slots}
          offered={offered}
          zone={zone}
          clinicZone={me.clinic.timeZone}
          viewerZone={viewerZone}
          practitionerLabel={practitionerLabel}
          onPick={(id) => go({ with: id, w: null })}
        />
      );
      break;
    case 'day':
      body = (
        <DayStep
          days={days}
          counts={counts}
          day={day}
          today={today}
          slots={slots}
          loading={slots.loading && offered.length === 0}
          earliest={earliest && withId === ANY && !rescheduleId ? earliest : null}
          zone={zone}
          viewerZone={viewerZone}
          practitionerLabel={practitionerLabel}
          onSelect={(d) => go({ day: d, w: String(week) })}
          onPrevious={week > 0 ? () => go({ w: String(week - 1) }) : null}
          onNext={week < MAX_WEEKS - 1 ? () => go({ w: String(week + 1) }) : null}
          onChooseEarliest={(s) =>
            go({ day: dayOf(s.start, zone), start: s.start, slotWith: s.practitionerId })
          }
          waitlist={waitlistBox(days[0]?.date, days[days.length - 1]?.date)}
        />
      );
      break;
    case 'time':
      body = (
        <TimeStep
          day={day}
          daySlots={day ? (byDay.get(day) ?? []) : []}
          slots={slots}
          zone={zone}
          viewerZone={viewerZone}
          practitionerLabel={withId === ANY ? (id) => shortName(practitionerLabel(id)) : undefined}
          onPick={(s) => go({ start: s.start, slotWith: s.practitionerId })}
          onOtherDay={() => go({ day: null, start: null, slotWith: null }, { keepNotice: true })}
          waitlist={day ? waitlistBox(day, addDays(day, 6)) : null}
        />
      );
      break;
    case 'confirm':
      body =
        chosenSlot && type ? (
          <ConfirmStep
            type={type}
            slot={chosenSlot}
            slotZone={practitionerList.find((p) => p.id === chosenSlot.practitionerId)?.timeZone ?? zone}
            viewerZone={viewerZone}
            rescheduling={!!rescheduleId}
            patientName={forPatient?.name}
            currentStart={existing.data?.start}
            clinicName={me.clinic.name}
            practitionerLabel={practitionerLabel}
            reason={reason}
            pain={pain}
            onReason={setReason}
            onPain={setPain}
            forPatient={!isStaff}
            consentPatientId={me.user.patientId ?? null}
            submitError={submitError}
            busy={busy}
            onSubmit={() => void book()}
            onBack={back}
            onOtherType={() => go({ type: null, day: null, start: null, slotWith: null, w: null })}
          />
        ) : (
          <Loading />
        );
      break;
  }

  return (
    <BookingFrame
      heading={heading}
      steps={steps}
      step={step}
      stepTitle={stepTitle(step, !!rescheduleId)}
      choiceSummary={choiceSummary}
      notice={notice}
      exitTo={exitTo}
      exitLabel={rescheduleId ? 'Keep the current time' : 'Leave booking'}
      busy={busy}
      onBack={back}
      headingRef={headingRef}
    >
      {body}
    </BookingFrame>
  );
}
