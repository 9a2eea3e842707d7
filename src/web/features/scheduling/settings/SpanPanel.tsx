import { Alert, Button, Group, Paper, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { toApiError, type ApiError } from '../../../api/client';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { fieldErrorMap } from '../../../components/fieldErrors';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { todayIn, zoneLabel } from '../time';
import type { SpanBody } from './api';
import { describeSpan, emptySpan, spanBody, spanServerField, type SpanDraft, type SpanField } from './spans';
import type { AddedSpan, TimeSpan } from './types';

interface Props {
  /** "Time off" / "Clinic closures" */
  title: string;
  intro: string;
  /** "time off" / "closure": used in buttons and messages. */
  noun: string;
  /** "time off" / "closures" */
  plural: string;
  reasonPlaceholder: string;
  zone: string;
  items: readonly TimeSpan[];
  canEdit: boolean;
  /** Shown instead of the form when `canEdit` is false. */
  readOnlyNote?: string;
  add: (body: SpanBody) => Promise<AddedSpan>;
  remove: (id: string) => Promise<void>;
  /** Called after a change, to reload the list. */
  onChanged: () => void;
}

/**
 * Time away as whole days or a part of a day (practitioner time off, clinic closures): the upcoming
 * ones with a confirmed delete, and a form whose dates and times are in `zone`.
 */
export function SpanPanel(props: Props) {
  const { title, intro, noun, zone, items, canEdit } = props;
  const id = useId();
  const [draft, setDraft] = useState<SpanDraft>(() => emptySpan(todayIn(zone)));
  const [localErrors, setLocalErrors] = useState<Partial<Record<SpanField, string>>>({});
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState<AddedSpan | null>(null);
  const [status, setStatus] = useState('');

  const set = (patch: Partial<SpanDraft>) => {
    setDraft((d) => {
      const next = { ...d, ...patch };
      // Moving the first day past the last one moves the last one along.
      if (patch.startDate && next.endDate < patch.startDate) next.endDate = patch.startDate;
      return next;
    });
    setLocalErrors((e) => {
      const next = { ...e };
      for (const k of Object.keys(patch) as SpanField[]) delete next[k];
      return next;
    });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setStatus('');
    setAdded(null);
    const { body, errors } = spanBody(draft, zone);
    setLocalErrors(errors);
    if (!body) return;
    setBusy(true);
    setError(undefined);
    try {
      const result = await props.add(body);
      setAdded(result);
      setStatus(`Added: ${describeSpan(result.start, result.end, zone)}.`);
      setDraft((d) => ({ ...d, reason: '' }));
      props.onChanged();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (item: TimeSpan) => {
    setError(undefined);
    setStatus('');
    setAdded(null);
    try {
      await props.remove(item.id);
      setStatus(`Removed: ${describeSpan(item.start, item.end, zone)}.`);
      props.onChanged();
    } catch (e) {
      setError(toApiError(e));
    }
  };

  const server: Partial<Record<SpanField, string>> = {};
  for (const [path, message] of Object.entries(fieldErrorMap(error))) {
    const field = spanServerField(path, draft.allDay);
    if (field) server[field] = message;
  }
  const errors = { ...server, ...localErrors };

  return (
    <Stack gap="sm" component="section" aria-labelledby={`${id}-title`}>
      <Title order={2} size="h3" id={`${id}-title`}>
        {title}
      </Title>
      <Text size="sm" c="dimmed">
        {intro} Dates and times are in {zoneLabel(zone)}.
      </Text>
      <ProblemAlert
        error={error}
        shownPaths={['start', 'end', 'reason']}
        title={`The ${noun} was not changed`}
      />
      <Text size="sm" role="status" aria-live="polite" c="sage.9" fw={500}>
        {status}
      </Text>
      {added && added.affectedAppointments > 0 ? (
        <Alert color="amber" title="Booked visits fall in this time">
          {added.affectedAppointments === 1
            ? '1 booked appointment falls'
            : `${added.affectedAppointments} booked appointments fall`}{' '}
          in this time. They were kept, not cancelled: contact the patients to move them from the{' '}
          <Link to="/app/schedule">schedule</Link>.
        </Alert>
      ) : null}

      {items.length === 0 ? (
        <Text size="sm">No upcoming {props.plural}.</Text>
      ) : (
        <Stack
          gap={0}
          component="ul"
          m={0}
          p={0}
          style={{ listStyle: 'none' }}
          aria-label={`Upcoming ${props.plural}`}
        >
          {items.map((item) => {
            const what = describeSpan(item.start, item.end, zone);
            return (
              <Paper component="li" key={item.id} withBorder radius={0} p="sm" style={{ marginTop: -1 }}>
                <Group justify="space-between" align="center" gap="xs" wrap="wrap">
                  <div style={{ minWidth: 0, flex: '1 1 220px' }}>
                    <Text fw={600}>{what}</Text>
                    {item.reason ? (
                      <Text size="sm" c="dimmed">
                        {item.reason}
                      </Text>
                    ) : null}
                  </div>
                  {canEdit ? (
                    <ConfirmButton
                      variant="default"
                      color="red"
                      size="compact-sm"
                      aria-label={`Delete ${noun} ${what}`}
                      confirmLabel={`Delete ${noun}`}
                      message={`Delete the ${noun} ${what}${item.reason ? ` (${item.reason})` : ''}? Those times can be booked again.`}
                      onConfirm={() => remove(item)}
                    >
                      Delete
                    </ConfirmButton>
                  ) : null}
                </Group>
              </Paper>
            );
          })}
        </Stack>
      )}

      {canEdit ? (
        <Paper withBorder p={{ base: 'sm', sm: 'md' }} radius="md" mt="xs">
          <form onSubmit={submit} noValidate aria-labelledby={`${id}-add`}>
            <Stack gap="sm">
              <Title order={3} size="h5" id={`${id}-add`}>
                Add {noun}
              </Title>
              <Switch
                label="Whole days"
                checked={draft.allDay}
                onChange={(e) => set({ allDay: e.currentTarget.checked })}
              />
              <Group gap="sm" align="flex-start" wrap="wrap">
                <TextInput
                  type="date"
                  label={draft.allDay ? 'First day' : 'Starts on'}
                  required
                  value={draft.startDate}
                  onChange={(e) => set({ startDate: e.currentTarget.value })}
                  error={errors.startDate}
                  w={{ base: '100%', xs: 180 }}
                />
                {!draft.allDay ? (
                  <TextInput
                    type="time"
                    label="Start time"
                    required
                    value={draft.startTime}
                    onChange={(e) => set({ startTime: e.currentTarget.value })}
                    error={errors.startTime}
                    w={{ base: '100%', xs: 140 }}
                  />
                ) : null}
              </Group>
              <Group gap="sm" align="flex-start" wrap="wrap">
                <TextInput
                  type="date"
                  label={draft.allDay ? 'Last day' : 'Ends on'}
                  required
                  min={draft.startDate || undefined}
                  value={draft.endDate}
                  onChange={(e) => set({ endDate: e.currentTarget.value })}
                  error={errors.endDate}
                  w={{ base: '100%', xs: 180 }}
                />
                {!draft.allDay ? (
                  <TextInput
                    type="time"
                    label="End time"
                    required
                    value={draft.endTime}
                    onChange={(e) => set({ endTime: e.currentTarget.value })}
                    error={errors.endTime}
                    w={{ base: '100%', xs: 140 }}
                  />
                ) : null}
              </Group>
              <TextInput
                label="Reason (optional)"
                placeholder={props.reasonPlaceholder}
                maxLength={200}
                value={draft.reason}
                onChange={(e) => set({ reason: e.currentTarget.value })}
                error={errors.reason}
              />
              <div>
                <Button type="submit" loading={busy}>
                  Add {noun}
                </Button>
              </div>
            </Stack>
          </form>
        </Paper>
      ) : props.readOnlyNote ? (
        <Text size="sm" c="dimmed">
          {props.readOnlyNote}
        </Text>
      ) : null}
    </Stack>
  );
}
