import { Button, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useRef, useState, type FormEvent } from 'react';
import { toApiError, type ApiError } from '../../../api/client';
import type { AppointmentType, Practitioner } from '../../../../contracts/scheduling.ts';
import { fieldErrorMap } from '../../../components/fieldErrors';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { durationLabel } from '../api';
import { joinWaitlist } from './api';
import { defaultWindow, windowErrors, type WaitlistEntry } from './model';

const ANY = 'any';

interface Props {
  types: readonly AppointmentType[];
  practitioners: readonly Practitioner[];
  /** Today in the clinic's zone (`YYYY-MM-DD`): the window's days are the clinic's days. */
  today: string;
  /** Staff joining for a patient; patients join for themselves (omit). */
  patientId?: string;
  initial?: { type?: string | null; practitionerId?: string | null; from?: string; to?: string };
  onJoined: (entry: WaitlistEntry) => void;
  onCancel?: () => void;
  /** Words for the submit button. */
  submitLabel?: string;
  /** Prefix for the field ids, when two forms could be on one page. */
  idPrefix?: string;
}

/**
 * Join the waiting list: a visit type, a practitioner or anyone, and the days one could come. A
 * freed time in that window is offered and held for a while. Nothing typed is lost on an error.
 */
export function JoinWaitlistForm({
  types,
  practitioners,
  today,
  patientId,
  initial = {},
  onJoined,
  onCancel,
  submitLabel = 'Join the waitlist',
  idPrefix = 'wl',
}: Props) {
  const fallback = defaultWindow(today);
  const [type, setType] = useState(initial.type ?? types[0]?.id ?? '');
  const [practitioner, setPractitioner] = useState(initial.practitionerId ?? ANY);
  const [from, setFrom] = useState(initial.from && initial.from >= today ? initial.from : fallback.from);
  const [to, setTo] = useState(initial.to && initial.to >= from ? initial.to : fallback.to);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [local, setLocal] = useState<Partial<Record<'from' | 'to' | 'type', string>>>({});
  const formRef = useRef<HTMLFormElement>(null);

  const server = fieldErrorMap(error);
  const fieldError = (name: 'from' | 'to' | 'type' | 'practitionerId' | 'note') =>
    (name === 'type' ? (local.type ?? server.appointmentType) : undefined) ??
    (name === 'from' || name === 'to' ? local[name] : undefined) ??
    server[name];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problems: Partial<Record<'from' | 'to' | 'type', string>> = {
      ...windowErrors(from, to, today),
      ...(type ? {} : { type: 'Choose the kind of visit.' }),
    };
    setLocal(problems);
    if (Object.keys(problems).length > 0) {
      setError(undefined);
      // Focus the first field that needs attention.
      window.requestAnimationFrame(() =>
        formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
      );
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const entry = await joinWaitlist({
        ...(patientId ? { patientId } : {}),
        practitionerId: practitioner === ANY ? null : practitioner,
        appointmentType: type,
        from,
        to,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      onJoined(entry);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} onSubmit={(e) => void submit(e)} noValidate aria-label="Join the waitlist">
      <Stack gap="sm">
        <NativeSelect
          id={`${idPrefix}-type`}
          label="Visit type"
          value={type}
          onChange={(e) => setType(e.currentTarget.value)}
          error={fieldError('type')}
          data={[
            ...(type ? [] : [{ value: '', label: 'Choose…' }]),
            ...types.map((t) => ({ value: t.id, label: `${t.name} (${durationLabel(t.durationMinutes)})` })),
          ]}
        />
        <NativeSelect
          id={`${idPrefix}-practitioner`}
          label="With"
          value={practitioner}
          onChange={(e) => setPractitioner(e.currentTarget.value)}
          error={fieldError('practitionerId')}
          data={[
            { value: ANY, label: 'Any practitioner (first free)' },
            ...practitioners.map((p) => ({ value: p.id, label: p.name })),
          ]}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput
            id={`${idPrefix}-from`}
            type="date"
            label={patientId ? 'First day they could come' : 'First day you could come'}
            value={from}
            min={today}
            onChange={(e) => setFrom(e.currentTarget.value)}
            error={fieldError('from')}
            required
          />
          <TextInput
            id={`${idPrefix}-to`}
            type="date"
            label={patientId ? 'Last day they could come' : 'Last day you could come'}
            value={to}
            min={from || today}
            onChange={(e) => setTo(e.currentTarget.value)}
            error={fieldError('to')}
            required
          />
        </SimpleGrid>
        <TextInput
          id={`${idPrefix}-note`}
          label="Note for the clinic (optional)"
          description={
            patientId
              ? 'For example: prefers mornings.'
              : 'For example: mornings only, or short notice is fine.'
          }
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          maxLength={300}
          error={fieldError('note')}
        />
        <Text size="sm" c="dimmed">
          When a time in these days frees up, it is offered first come, first served and held for a while
          {patientId ? '' : ': we email you, and you accept or decline it on your page (My record)'}.
        </Text>
        <ProblemAlert
          error={error}
          shownPaths={['from', 'to', 'practitionerId', 'appointmentType', 'note']}
          title="Not added to the waitlist"
        />
        <Group gap="sm">
          <Button type="submit" loading={busy}>
            {submitLabel}
          </Button>
          {onCancel ? (
            <Button variant="default" onClick={onCancel} disabled={busy}>
              Cancel
            </Button>
          ) : null}
        </Group>
      </Stack>
    </form>
  );
}
