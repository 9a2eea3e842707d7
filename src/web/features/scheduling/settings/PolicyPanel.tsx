import {
  Button,
  CloseButton,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { toApiError, type ApiError } from '../../../api/client';
import { useApiGet } from '../../../api/useApi';
import { fieldErrorMap } from '../../../components/fieldErrors';
import { Loading } from '../../../components/Loading';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { patchSettings, SETTINGS_PATH } from './api';
import {
  leadMinutes,
  MAX_LEADS,
  minutesLabel,
  numberOf,
  policyDraftFrom,
  policyPatch,
  validatePolicy,
  type LeadUnit,
  type PolicyDraft,
  type PolicyField,
} from './forms';
import type { SchedulingSettings } from './types';

const PATHS: PolicyField[] = [
  'lateCancelHours',
  'maxFutureBookingsPerPatient',
  'waitlistHoldMinutes',
  'reminderLeadMinutes',
];

function PolicyForm({
  initial,
  onSaved,
}: {
  initial: SchedulingSettings;
  onSaved: (s: SchedulingSettings) => void;
}) {
  const [draft, setDraft] = useState<PolicyDraft>(() => policyDraftFrom(initial));
  const [local, setLocal] = useState<Partial<Record<PolicyField, string>>>({});
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [leadAmount, setLeadAmount] = useState<number | string>('');
  const [leadUnit, setLeadUnit] = useState<LeadUnit>('hours');
  const [leadError, setLeadError] = useState<string | undefined>();

  const set = (patch: Partial<PolicyDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setLocal((e) => {
      const next = { ...e };
      for (const k of Object.keys(patch) as PolicyField[]) delete next[k];
      return next;
    });
    setStatus('');
  };

  const addLead = () => {
    const { minutes, error: problem } = leadMinutes(leadAmount, leadUnit, draft.reminderLeadMinutes);
    setLeadError(problem);
    if (minutes === null) return;
    set({ reminderLeadMinutes: [...draft.reminderLeadMinutes, minutes].sort((a, b) => b - a) });
    setLeadAmount('');
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setStatus('');
    const errors = validatePolicy(draft);
    setLocal(errors);
    if (Object.keys(errors).length) return;
    const patch = policyPatch(initial, draft);
    if (Object.keys(patch).length === 0) {
      setStatus('Nothing has changed.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const saved = await patchSettings(patch);
      onSaved(saved);
      setDraft(policyDraftFrom(saved));
      setStatus('Booking policy saved. It applies to bookings and reminders from now on.');
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const errors = { ...fieldErrorMap(error), ...local };
  const late = numberOf(draft.lateCancelHours);
  const hold = numberOf(draft.waitlistHoldMinutes);
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <ProblemAlert error={error} shownPaths={PATHS} title="The booking policy was not saved" />
        <NumberInput
          label="Late cancellation window (hours)"
          description={
            late
              ? `A cancellation less than ${minutesLabel(late * 60)} before the visit is marked late.`
              : 'With 0, no cancellation is marked late.'
          }
          required
          min={0}
          max={168}
          allowDecimal={false}
          allowNegative={false}
          clampBehavior="none"
          value={draft.lateCancelHours}
          onChange={(v) => set({ lateCancelHours: v })}
          error={errors.lateCancelHours}
          maw={360}
        />
        <NumberInput
          label="Upcoming visits one patient may hold"
          description="Stops one person from booking many slots online (1–50)."
          required
          min={1}
          max={50}
          allowDecimal={false}
          allowNegative={false}
          clampBehavior="none"
          value={draft.maxFutureBookingsPerPatient}
          onChange={(v) => set({ maxFutureBookingsPerPatient: v })}
          error={errors.maxFutureBookingsPerPatient}
          maw={360}
        />
        <NumberInput
          label="Waitlist hold (minutes)"
          description={
            hold
              ? `A freed time is held ${minutesLabel(hold)} for the next patient on the waitlist before it is offered to the one after.`
              : 'How long a freed time is held for the next patient on the waitlist.'
          }
          required
          min={5}
          max={10080}
          allowDecimal={false}
          allowNegative={false}
          clampBehavior="none"
          value={draft.waitlistHoldMinutes}
          onChange={(v) => set({ waitlistHoldMinutes: v })}
          error={errors.waitlistHoldMinutes}
          maw={360}
        />
        <fieldset style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <Text component="legend" fw={500} size="sm">
            Reminder emails
          </Text>
          <Text size="xs" c="dimmed" mb={6}>
            Sent before each visit, with a calendar invitation attached. Up to {MAX_LEADS}.
          </Text>
          {draft.reminderLeadMinutes.length === 0 ? (
            <Text size="sm">No reminders are sent.</Text>
          ) : (
            <Group gap="xs" component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Reminders">
              {draft.reminderLeadMinutes.map((m) => (
                <Paper component="li" key={m} withBorder radius="xl" px="sm" py={2}>
                  <Group gap={4} wrap="nowrap">
                    <Text size="sm">{minutesLabel(m)} before</Text>
                    <CloseButton
                      size="sm"
                      aria-label={`Remove the reminder ${minutesLabel(m)} before`}
                      onClick={() =>
                        set({ reminderLeadMinutes: draft.reminderLeadMinutes.filter((x) => x !== m) })
                      }
                    />
                  </Group>
                </Paper>
              ))}
            </Group>
          )}
          {errors.reminderLeadMinutes ? (
            <Text size="sm" c="red.8" mt={4}>
              {errors.reminderLeadMinutes}
            </Text>
          ) : null}
          <Group gap="xs" align="flex-start" mt="sm" wrap="wrap">
            <NumberInput
              label="Add a reminder"
              min={0}
              allowNegative={false}
              decimalScale={2}
              value={leadAmount}
              onChange={(v) => {
                setLeadAmount(v);
                setLeadError(undefined);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  addLead();
                }
              }}
              error={leadError}
              w={150}
            />
            <NativeSelect
              label="Unit"
              value={leadUnit}
              onChange={(e) => setLeadUnit(e.currentTarget.value as LeadUnit)}
              data={[
                { value: 'minutes', label: 'minutes before' },
                { value: 'hours', label: 'hours before' },
                { value: 'days', label: 'days before' },
              ]}
              w={160}
            />
            <Button variant="default" onClick={addLead} mt={25}>
              Add
            </Button>
          </Group>
        </fieldset>
        <div>
          <Button type="submit" loading={busy}>
            Save booking policy
          </Button>
        </div>
        <Text size="sm" role="status" aria-live="polite" c="sage.9" fw={500}>
          {status}
        </Text>
      </Stack>
    </form>
  );
}

/** The clinic's scheduling policy: administrators only (the route refuses anyone else). */
export function PolicyPanel() {
  const { data, error, loading, setData } = useApiGet<SchedulingSettings>(SETTINGS_PATH);
  return (
    <Stack gap="sm" component="section" aria-labelledby="policy-title">
      <Title order={2} size="h3" id="policy-title">
        Booking policy
      </Title>
      <Text size="sm" c="dimmed">
        Rules for the whole clinic: cancellations, booking limits, the waitlist and reminders.
      </Text>
      <ProblemAlert error={error} title="Could not load the booking policy" />
      {loading && !data ? <Loading label="Loading the booking policy…" /> : null}
      {data ? (
        <Paper withBorder p={{ base: 'sm', sm: 'lg' }} radius="md" maw={640}>
          <PolicyForm initial={data} onSaved={setData} />
        </Paper>
      ) : null}
    </Stack>
  );
}
