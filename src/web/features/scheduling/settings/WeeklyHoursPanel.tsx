import { Alert, Badge, Button, Group, Menu, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { useRef, useState, type FormEvent } from 'react';
import { toApiError, type ApiError } from '../../../api/client';
import { normalizePath } from '../../../components/fieldErrors';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { timeZoneOptions } from '../../admin/timeZones';
import { putWeeklyHours } from './api';
import {
  copyDay,
  dayMinutes,
  hoursFromDraft,
  hoursLabel,
  mapRangeErrors,
  validateWeek,
  WEEKDAYS,
  WORKDAYS,
  type RangeErrors,
  type WeekDraft,
} from './hours';
import { RangeRows } from './RangeRows';
import type { PractitionerSchedule } from './types';

export interface HoursDraft {
  week: WeekDraft;
  timeZone: string;
}

interface Props {
  schedule: PractitionerSchedule;
  draft: HoursDraft;
  dirty: boolean;
  onChange: (draft: HoursDraft) => void;
  onDiscard: () => void;
  onSaved: (schedule: PractitionerSchedule) => void;
}

/**
 * The practitioner's regular week, in their own wall-clock time: per weekday zero or more ranges.
 * Mistakes show beside the row as they are made; the server's refusals land on the same rows; a
 * failed save keeps every edit.
 */
export function WeeklyHoursPanel({ schedule, draft, dirty, onChange, onDiscard, onSaved }: Props) {
  const [serverErrors, setServerErrors] = useState<Record<string, RangeErrors>>({});
  const [error, setError] = useState<ApiError | undefined>();
  const [shown, setShown] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [triedInvalid, setTriedInvalid] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const readOnly = !schedule.editable;

  const localErrors = validateWeek(draft.week);
  const errors: Record<string, RangeErrors> = { ...serverErrors };
  for (const [k, v] of Object.entries(localErrors)) errors[k] = { ...errors[k], ...v };
  const problemCount = Object.keys(localErrors).length;

  const setDay = (day: number, ranges: WeekDraft[number]) => {
    // An edited row's server error is stale: drop it.
    const keys = new Set(ranges.map((r) => `${r.key}|${r.start}|${r.end}`));
    const stale = (draft.week[day] ?? []).filter((r) => !keys.has(`${r.key}|${r.start}|${r.end}`));
    if (stale.length) {
      setServerErrors((prev) => {
        const next = { ...prev };
        for (const r of stale) delete next[r.key];
        return next;
      });
    }
    setStatus('');
    onChange({ ...draft, week: { ...draft.week, [day]: ranges } });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setStatus('');
    if (problemCount > 0) {
      setTriedInvalid(true);
      window.requestAnimationFrame(() =>
        formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
      );
      return;
    }
    setTriedInvalid(false);
    const { hours, keys } = hoursFromDraft(draft.week);
    setBusy(true);
    setError(undefined);
    try {
      const saved = await putWeeklyHours(schedule.practitionerId, {
        hours,
        ...(draft.timeZone !== schedule.timeZone ? { timeZone: draft.timeZone } : {}),
      });
      setServerErrors({});
      onSaved(saved);
      const days = new Set(saved.weeklyHours.map((h) => h.weekday)).size;
      setStatus(
        `Saved. ${saved.name} now works ${days} ${days === 1 ? 'day' : 'days'} a week; new bookings follow these hours.`,
      );
    } catch (e) {
      const apiError = toApiError(e);
      const { byKey, rest } = mapRangeErrors(apiError.fieldErrors, keys);
      setServerErrors(byKey);
      setShown(apiError.fieldErrors.filter((f) => !rest.includes(f)).map((f) => normalizePath(f.path)));
      setError(apiError);
    } finally {
      setBusy(false);
    }
  };

  const total = WEEKDAYS.reduce((sum, d) => sum + dayMinutes(draft.week[d.n] ?? []), 0);

  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-labelledby="weekly-title">
      <Stack gap="sm">
        <Group justify="space-between" align="center" gap="xs">
          <Title order={2} size="h3" id="weekly-title">
            Weekly hours
          </Title>
          {dirty ? (
            <Badge color="amber" variant="light" tt="none">
              Unsaved changes
            </Badge>
          ) : null}
        </Group>
        <Text size="sm" c="dimmed">
          The regular week patients can book, in {schedule.name}’s local time. Use more than one range for a
          break (for example 8:00 AM–12:00 PM and 1:00–5:00 PM). A day without hours is closed. Existing
          appointments are kept when hours change.
        </Text>
        {readOnly ? (
          <Alert color="gray" title="View only">
            Only {schedule.name}, the front desk or an administrator can change these hours.
          </Alert>
        ) : null}
        <ProblemAlert
          error={error}
          shownPaths={shown}
          title="The hours were not saved; your changes are still here"
        />
        <Stack gap={0} component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Days of the week">
          {WEEKDAYS.map((d) => {
            const ranges = draft.week[d.n] ?? [];
            const minutes = dayMinutes(ranges);
            return (
              <Paper
                component="li"
                key={d.n}
                withBorder
                radius={0}
                px={{ base: 'xs', sm: 'md' }}
                py="sm"
                style={{ marginTop: -1 }}
              >
                <Group align="flex-start" gap="sm" wrap="wrap">
                  <Stack gap={0} w={{ base: '100%', xs: 130 }}>
                    <Text fw={700}>{d.name}</Text>
                    <Text size="xs" c="dimmed">
                      {ranges.length ? hoursLabel(minutes) : 'Closed'}
                    </Text>
                  </Stack>
                  <div style={{ flex: '1 1 280px', minWidth: 0 }}>
                    <RangeRows
                      label={d.name}
                      ranges={ranges}
                      errors={errors}
                      onChange={(next) => setDay(d.n, next)}
                      emptyText="Closed"
                      readOnly={readOnly}
                      quietEmpty
                      actions={
                        ranges.length > 0 ? (
                          <Menu position="bottom-end" withinPortal>
                            <Menu.Target>
                              <Button
                                variant="default"
                                size="compact-sm"
                                aria-label={`Copy to… (${d.name}’s hours to other days)`}
                              >
                                Copy to…
                              </Button>
                            </Menu.Target>
                            <Menu.Dropdown>
                              <Menu.Item
                                onClick={() => {
                                  setStatus('');
                                  onChange({ ...draft, week: copyDay(draft.week, d.n, WORKDAYS) });
                                }}
                              >
                                Monday to Friday
                              </Menu.Item>
                              <Menu.Item
                                onClick={() => {
                                  setStatus('');
                                  onChange({
                                    ...draft,
                                    week: copyDay(draft.week, d.n, [1, 2, 3, 4, 5, 6, 7]),
                                  });
                                }}
                              >
                                Every day
                              </Menu.Item>
                            </Menu.Dropdown>
                          </Menu>
                        ) : null
                      }
                    />
                  </div>
                </Group>
              </Paper>
            );
          })}
        </Stack>
        <Text size="sm">
          Total: <strong>{hoursLabel(total)}</strong> a week
        </Text>
        {!readOnly ? (
          <NativeSelect
            label="Time zone of these hours"
            description={`Hours stay at the same local times if you change it. Now: ${schedule.timeZone}.`}
            value={draft.timeZone}
            onChange={(e) => {
              setStatus('');
              onChange({ ...draft, timeZone: e.currentTarget.value });
            }}
            data={timeZoneOptions(schedule.timeZone)}
            maw={360}
          />
        ) : null}
        {triedInvalid && problemCount > 0 ? (
          <Alert color="red" role="alert" title="Nothing was saved yet">
            Fix the {problemCount === 1 ? 'range' : `${problemCount} ranges`} marked in red, then save again.
          </Alert>
        ) : null}
        {!readOnly ? (
          <Group gap="sm">
            <Button type="submit" loading={busy}>
              Save weekly hours
            </Button>
            <Button variant="default" disabled={!dirty || busy} onClick={onDiscard}>
              Discard changes
            </Button>
          </Group>
        ) : null}
        <Text size="sm" role="status" aria-live="polite" c="sage.9" fw={500}>
          {status}
        </Text>
      </Stack>
    </form>
  );
}
