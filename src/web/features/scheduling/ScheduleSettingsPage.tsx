import { Alert, NativeSelect, Stack, Tabs, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import type { Practitioner } from '../../../contracts/scheduling.ts';
import type { Results } from '../../../contracts/common.ts';
import type { Role } from '../../../domain/roles.ts';
import { useApiGet } from '../../api/useApi';
import { useSession } from '../../auth/session';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { usePageTitle } from '../../components/usePageTitle';
import {
  addClosure,
  addTimeOff,
  CLOSURES_PATH,
  deleteClosure,
  deleteTimeOff,
  getSchedule,
  schedulePath,
} from './settings/api';
import { FeedPanel } from './settings/FeedPanel';
import { draftFromHours, sameHours } from './settings/hours';
import { OverridesPanel } from './settings/OverridesPanel';
import { PolicyPanel } from './settings/PolicyPanel';
import { SpanPanel } from './settings/SpanPanel';
import type { PractitionerSchedule, TimeSpan } from './settings/types';
import { TypesPanel } from './settings/TypesPanel';
import { WeeklyHoursPanel, type HoursDraft } from './settings/WeeklyHoursPanel';
import { zoneLabel } from './time';

type TabId = 'hours' | 'dates' | 'closures' | 'types' | 'policy' | 'feed';

/** Each tab is shown only to the roles that can change something in it (the server enforces anyway). */
const TABS: { id: TabId; label: string; roles: readonly Role[]; perPractitioner: boolean }[] = [
  { id: 'hours', label: 'Weekly hours', roles: ['admin', 'frontdesk', 'clinician'], perPractitioner: true },
  {
    id: 'dates',
    label: 'Dates & time off',
    roles: ['admin', 'frontdesk', 'clinician'],
    perPractitioner: true,
  },
  { id: 'closures', label: 'Clinic closures', roles: ['admin', 'frontdesk'], perPractitioner: false },
  { id: 'types', label: 'Visit types', roles: ['admin', 'frontdesk'], perPractitioner: false },
  { id: 'policy', label: 'Booking policy', roles: ['admin'], perPractitioner: false },
  { id: 'feed', label: 'Calendar feed', roles: ['admin', 'clinician'], perPractitioner: true },
];

/**
 * A clinician manages only their own practitioner record. The practitioner list does not say which
 * one is theirs, so ask each schedule: `editable` is true only for their own.
 */
function useOwnPractitioner(enabled: boolean, practitioners: readonly Practitioner[] | undefined) {
  const [own, setOwn] = useState<{ id: string | null } | undefined>();
  useEffect(() => {
    if (!enabled || !practitioners) return;
    const controller = new AbortController();
    Promise.all(
      practitioners.map((p) =>
        getSchedule(p.id, controller.signal).then(
          (s) => (s.editable ? p.id : null),
          () => null,
        ),
      ),
    ).then(
      (ids) => {
        if (!controller.signal.aborted) setOwn({ id: ids.find((id) => id !== null) ?? null });
      },
      () => undefined,
    );
    return () => controller.abort();
  }, [enabled, practitioners]);
  return own;
}

function ClosuresPanel({ zone, canEdit }: { zone: string; canEdit: boolean }) {
  const { data, error, loading, reload } = useApiGet<Results<TimeSpan>>(CLOSURES_PATH);
  if (loading && !data) return <Loading label="Loading closures…" />;
  return (
    <Stack gap="sm">
      <ProblemAlert error={error} title="Could not load the clinic closures" />
      {data ? (
        <SpanPanel
          title="Clinic closures"
          intro="Holidays and other times the whole clinic is closed: nobody can be booked then."
          noun="closure"
          plural="closures"
          reasonPlaceholder="Independence Day"
          zone={zone}
          items={data.results}
          canEdit={canEdit}
          add={addClosure}
          remove={deleteClosure}
          onChanged={reload}
        />
      ) : null}
    </Stack>
  );
}

/**
 * `/app/schedule/settings`: hours, changed dates and time off per practitioner; clinic closures,
 * visit types and the booking policy for the clinic; the practitioner's private calendar feed.
 * Tab and practitioner live in the URL; unsaved weekly hours live in React state per practitioner,
 * so switching tabs or practitioners loses nothing.
 */
export function ScheduleSettingsPage() {
  usePageTitle('Schedule settings');
  const { me, role } = useSession();
  const [params, setParams] = useSearchParams();
  const isClinician = role === 'clinician';

  const tabs = TABS.filter((t) => t.roles.includes(role));
  const tabParam = params.get('tab');
  const tab = tabs.find((t) => t.id === tabParam) ?? tabs[0]!;

  const practitioners = useApiGet<Practitioner[]>('/api/v1/practitioners');
  const own = useOwnPractitioner(isClinician, practitioners.data);
  const list = practitioners.data ?? [];
  const prParam = params.get('pr');
  const prId = isClinician
    ? (own?.id ?? null)
    : (list.find((p) => p.id === prParam)?.id ?? list[0]?.id ?? null);

  const schedule = useApiGet<PractitionerSchedule>(prId ? schedulePath(prId) : null);
  const [drafts, setDrafts] = useState<Record<string, HoursDraft>>({});
  const base = useMemo<HoursDraft | null>(
    () =>
      schedule.data
        ? { week: draftFromHours(schedule.data.weeklyHours), timeZone: schedule.data.timeZone }
        : null,
    [schedule.data],
  );
  const isDirty = useCallback(
    (id: string) => {
      const d = drafts[id];
      if (!d) return false;
      if (id !== prId || !base) return true;
      return !sameHours(d.week, base.week) || d.timeZone !== base.timeZone;
    },
    [drafts, prId, base],
  );
  const anyDirty = Object.keys(drafts).some(isDirty);

  useEffect(() => {
    if (!anyDirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [anyDirty]);

  const set = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) next.set(k, v);
    setParams(next, { replace: true });
  };

  const dropDraft = (id: string) =>
    setDrafts((d) => {
      const next = { ...d };
      delete next[id];
      return next;
    });

  let practitionerBody: ReactNode = null;
  if (tab.perPractitioner) {
    if (practitioners.error) practitionerBody = null;
    else if (!practitioners.data || (isClinician && own === undefined))
      practitionerBody = <Loading label="Loading practitioners…" />;
    else if (!prId)
      practitionerBody = (
        <Alert color="gray" title={isClinician ? 'No practitioner record' : 'No practitioners yet'}>
          {isClinician
            ? 'Your account is not linked to a practitioner, so you have no hours to set here. Ask an administrator to link it.'
            : 'Practitioners appear here once an administrator adds them.'}
        </Alert>
      );
    else if (schedule.error)
      practitionerBody = <ProblemAlert error={schedule.error} title="Could not load this schedule" />;
    else if (!schedule.data || !base) practitionerBody = <Loading label="Loading the schedule…" />;
    else {
      const s = schedule.data;
      if (tab.id === 'hours')
        practitionerBody = (
          <WeeklyHoursPanel
            key={s.practitionerId}
            schedule={s}
            draft={drafts[s.practitionerId] ?? base}
            dirty={isDirty(s.practitionerId)}
            onChange={(d) => setDrafts((all) => ({ ...all, [s.practitionerId]: d }))}
            onDiscard={() => dropDraft(s.practitionerId)}
            onSaved={(saved) => {
              dropDraft(saved.practitionerId);
              schedule.setData(saved);
            }}
          />
        );
      else if (tab.id === 'dates')
        practitionerBody = (
          <Stack gap="xl" key={s.practitionerId}>
            <OverridesPanel schedule={s} onChanged={schedule.reload} />
            <SpanPanel
              title="Time off"
              intro={`Vacation, conferences, an afternoon away: ${s.name} cannot be booked then.`}
              noun="time off"
              plural="time off"
              reasonPlaceholder="Conference"
              zone={s.timeZone}
              items={s.timeOff}
              canEdit={s.editable}
              readOnlyNote={`Only ${s.name}, the front desk or an administrator can add time off.`}
              add={(body) => addTimeOff(s.practitionerId, body)}
              remove={(id) => deleteTimeOff(s.practitionerId, id)}
              onChanged={schedule.reload}
            />
          </Stack>
        );
      else if (tab.id === 'feed')
        practitionerBody = (
          <FeedPanel
            key={s.practitionerId}
            practitionerId={s.practitionerId}
            name={s.name}
            own={isClinician}
          />
        );
    }
  }

  const picked = list.find((p) => p.id === prId);
  return (
    <Stack gap="lg" maw={960}>
      <div>
        <Title order={1}>Schedule settings</Title>
        <Text size="sm" c="dimmed">
          When each practitioner can be booked, what can be booked, and the clinic’s booking rules.
        </Text>
      </div>
      <Tabs value={tab.id} onChange={(v) => v && set({ tab: v })} keepMounted={false}>
        <Tabs.List aria-label="Schedule settings sections">
          {tabs.map((t) => (
            <Tabs.Tab key={t.id} value={t.id}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {tabs.map((t) => (
          <Tabs.Panel key={t.id} value={t.id} pt="md">
            <Stack gap="md">
              {t.perPractitioner ? (
                <Stack gap={4}>
                  <ProblemAlert error={practitioners.error} title="Could not load the practitioners" />
                  {!isClinician && list.length > 0 ? (
                    <NativeSelect
                      label="Practitioner"
                      value={prId ?? ''}
                      onChange={(e) => set({ pr: e.currentTarget.value })}
                      data={list.map((p) => ({
                        value: p.id,
                        label: isDirty(p.id) ? `${p.name} (unsaved changes)` : p.name,
                      }))}
                      maw={420}
                    />
                  ) : picked ? (
                    <Text fw={600}>{picked.name}</Text>
                  ) : null}
                  {picked ? (
                    <Text size="sm" c="dimmed">
                      Works in {zoneLabel(schedule.data?.timeZone ?? picked.timeZone)}: all hours and dates
                      below are in this time zone.
                    </Text>
                  ) : null}
                </Stack>
              ) : null}
              {t.id === tab.id ? (
                t.perPractitioner ? (
                  practitionerBody
                ) : t.id === 'closures' ? (
                  <ClosuresPanel zone={me.clinic.timeZone} canEdit />
                ) : t.id === 'types' ? (
                  <TypesPanel />
                ) : (
                  <PolicyPanel />
                )
              ) : null}
            </Stack>
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
