import { Button, Group, Paper, Radio, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { toApiError, type ApiError } from '../../../api/client';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { fieldErrorMap, normalizePath } from '../../../components/fieldErrors';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { addDays, isIsoDate, todayIn } from '../time';
import { deleteOverride, putOverride } from './api';
import {
  mapRangeErrors,
  newKey,
  validateRanges,
  wallRangeLabel,
  type RangeDraft,
  type RangeErrors,
} from './hours';
import { RangeRows } from './RangeRows';
import { dateLabel } from './spans';
import type { DateOverride, PractitionerSchedule } from './types';

/** ISO weekday (1 = Monday) of a `YYYY-MM-DD`. */
function weekdayOf(date: string): number {
  const d = new Date(`${date}T12:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

function regularRanges(schedule: PractitionerSchedule, date: string): RangeDraft[] {
  if (!isIsoDate(date)) return [];
  const day = weekdayOf(date);
  return schedule.weeklyHours
    .filter((h) => h.weekday === day)
    .sort((a, b) => a.start.localeCompare(b.start))
    .map((h) => ({ key: newKey(), start: h.start, end: h.end }));
}

interface Props {
  schedule: PractitionerSchedule;
  onChanged: () => void;
}

/**
 * One date with different hours than the regular week, or closed that day. The form starts from
 * that weekday's regular hours so shortening a day is one edit.
 */
export function OverridesPanel({ schedule, onChanged }: Props) {
  const zone = schedule.timeZone;
  const canEdit = schedule.editable;
  const [date, setDate] = useState(() => addDays(todayIn(zone), 7));
  const [mode, setMode] = useState<'closed' | 'hours'>('hours');
  const [ranges, setRanges] = useState<RangeDraft[]>(() =>
    regularRanges(schedule, addDays(todayIn(zone), 7)),
  );
  const [touched, setTouched] = useState(false);
  const [note, setNote] = useState('');
  const [dateError, setDateError] = useState<string | undefined>();
  const [emptyError, setEmptyError] = useState<string | undefined>();
  const [serverRangeErrors, setServerRangeErrors] = useState<Record<string, RangeErrors>>({});
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');

  const local: Record<string, RangeErrors> = {};
  validateRanges(ranges).forEach((e, i) => {
    if (e.start || e.end) local[ranges[i]!.key] = e;
  });
  const rangeErrors = { ...serverRangeErrors, ...local };

  const pickDate = (value: string) => {
    setDate(value);
    setDateError(undefined);
    // Until the ranges were edited, follow the regular hours of the chosen weekday.
    if (!touched) setRanges(regularRanges(schedule, value));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setStatus('');
    const today = todayIn(zone);
    if (!isIsoDate(date)) return setDateError('Choose the date.');
    if (date < today) return setDateError('Choose today or a later date.');
    if (mode === 'hours') {
      if (ranges.length === 0) return setEmptyError('Add the hours of that day, or choose “Closed all day”.');
      if (Object.keys(local).length) return;
    }
    setBusy(true);
    setError(undefined);
    const sent = mode === 'closed' ? [] : ranges;
    try {
      const saved = await putOverride(schedule.practitionerId, {
        date,
        intervals: sent.map((r) => ({ start: r.start, end: r.end })),
        note: note.trim() || null,
      });
      const what = saved.intervals.length
        ? saved.intervals.map((i) => wallRangeLabel(i.start, i.end)).join(', ')
        : 'closed';
      setStatus(`${saved.replaced ? 'Replaced the hours' : 'Saved'} for ${dateLabel(saved.date)}: ${what}.`);
      setServerRangeErrors({});
      setNote('');
      setTouched(false);
      onChanged();
    } catch (e) {
      const apiError = toApiError(e);
      setServerRangeErrors(
        mapRangeErrors(
          apiError.fieldErrors,
          sent.map((r) => r.key),
          'intervals',
        ).byKey,
      );
      setError(apiError);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (o: DateOverride) => {
    setError(undefined);
    setStatus('');
    try {
      await deleteOverride(schedule.practitionerId, o.id);
      setStatus(`Removed the change for ${dateLabel(o.date)}; the regular hours apply again.`);
      onChanged();
    } catch (e) {
      setError(toApiError(e));
    }
  };

  const dateServerError = fieldErrorMap(error).date;
  const shown = (error?.fieldErrors ?? [])
    .map((f) => normalizePath(f.path))
    .filter((p) => p === 'date' || p.startsWith('intervals/'));

  return (
    <Stack gap="sm" component="section" aria-labelledby="overrides-title">
      <Title order={2} size="h3" id="overrides-title">
        Changed hours on a date
      </Title>
      <Text size="sm" c="dimmed">
        One date with different hours, or closed that day (a half day before a holiday, an evening clinic). It
        replaces the weekly hours for that date only.
      </Text>
      <ProblemAlert error={error} shownPaths={shown} title="The date was not changed" />
      <Text size="sm" role="status" aria-live="polite" c="sage.9" fw={500}>
        {status}
      </Text>
      {schedule.overrides.length === 0 ? (
        <Text size="sm">No upcoming changed dates.</Text>
      ) : (
        <Stack
          gap={0}
          component="ul"
          m={0}
          p={0}
          style={{ listStyle: 'none' }}
          aria-label="Upcoming changed dates"
        >
          {schedule.overrides.map((o) => {
            const what = o.intervals.length
              ? o.intervals.map((i) => wallRangeLabel(i.start, i.end)).join(', ')
              : 'Closed';
            return (
              <Paper component="li" key={o.id} withBorder radius={0} p="sm" style={{ marginTop: -1 }}>
                <Group justify="space-between" align="center" gap="xs" wrap="wrap">
                  <div style={{ minWidth: 0, flex: '1 1 220px' }}>
                    <Text fw={600}>{dateLabel(o.date)}</Text>
                    <Text size="sm">
                      {what}
                      {o.note ? ` · ${o.note}` : ''}
                    </Text>
                  </div>
                  {canEdit ? (
                    <ConfirmButton
                      variant="default"
                      color="red"
                      size="compact-sm"
                      aria-label={`Delete the change for ${dateLabel(o.date)}`}
                      confirmLabel="Delete changed date"
                      message={`Delete the changed hours for ${dateLabel(o.date)} (${what})? The regular weekly hours apply again that day.`}
                      onConfirm={() => remove(o)}
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
          <form onSubmit={submit} noValidate aria-labelledby="override-add">
            <Stack gap="sm">
              <Title order={3} size="h5" id="override-add">
                Change one date
              </Title>
              <TextInput
                type="date"
                label="Date"
                required
                min={todayIn(zone)}
                value={date}
                onChange={(e) => pickDate(e.currentTarget.value)}
                error={dateError ?? dateServerError}
                w={{ base: '100%', xs: 200 }}
              />
              <Radio.Group
                label="That day"
                value={mode}
                onChange={(v) => setMode(v === 'closed' ? 'closed' : 'hours')}
              >
                <Group gap="md" mt={4}>
                  <Radio value="hours" label="Works these hours" />
                  <Radio value="closed" label="Closed all day" />
                </Group>
              </Radio.Group>
              {mode === 'hours' ? (
                <RangeRows
                  label="Date"
                  ranges={ranges}
                  errors={rangeErrors}
                  onChange={(next) => {
                    setTouched(true);
                    setEmptyError(undefined);
                    setServerRangeErrors({});
                    setRanges(next);
                  }}
                  emptyText="No hours yet: add some, or choose “Closed all day”."
                />
              ) : null}
              {mode === 'hours' && emptyError ? (
                <Text size="sm" c="red.8" role="alert">
                  {emptyError}
                </Text>
              ) : null}
              <TextInput
                label="Note (optional)"
                placeholder="Short day before the holiday"
                maxLength={200}
                value={note}
                onChange={(e) => setNote(e.currentTarget.value)}
              />
              <div>
                <Button type="submit" loading={busy}>
                  Save this date
                </Button>
              </div>
            </Stack>
          </form>
        </Paper>
      ) : null}
    </Stack>
  );
}
