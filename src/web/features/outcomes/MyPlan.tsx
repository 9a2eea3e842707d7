import { List, Stack, Text } from '@mantine/core';
import { useApiGet } from '../../api/useApi';
import { ProblemAlert } from '../../components/ProblemAlert';
import { SectionCard } from '../../components/SectionCard';
import type { CarePlanView } from '../../../contracts/outcomes.ts';

const TIMES = (n: number) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);

/** An activity in plain words: "OMT visits once a week for 6 weeks". */
function activityText(a: CarePlanView['activities'][number]): string {
  const what: Record<string, string> = {
    omt: 'Osteopathic treatment (OMT) visits',
    exercise: 'Your exercises',
    education: 'Learning about your condition',
    'dry-needling': 'Dry needling',
    shockwave: 'Shockwave therapy',
    other: 'Other care',
  };
  const how = a.perWeek && a.weeks ? ` ${TIMES(a.perWeek)} a week for ${a.weeks} weeks` : '';
  return `${what[a.kind] ?? a.kind}${how}${a.dose ? ` (${a.dose})` : ''}`;
}

/** The patient's current plan of care, in plain language, on their progress page. */
export function MyPlan({ patientId }: { patientId: string }) {
  const res = useApiGet<{ results: CarePlanView[] }>(`/api/v1/patients/${patientId}/care-plans`);
  const live = (res.data?.results ?? []).filter((p) => p.status === 'active' || p.status === 'on-hold');
  if (!res.error && live.length === 0) return null;
  return (
    <SectionCard titleId="my-plan-title" title="My plan of care">
      <ProblemAlert error={res.error} />
      {live.map((p) => (
        <Stack key={p.id} gap={6}>
          <Text fw={600}>{p.title}</Text>
          {p.status === 'on-hold' && <Text size="sm">This plan is paused for now.</Text>}
          {p.goals.length > 0 && (
            <>
              <Text size="sm">What we are working towards:</Text>
              <List size="sm" spacing={2}>
                {p.goals.map((g, i) => (
                  <List.Item key={i}>
                    {g.text}
                    {g.met ? ' — reached, well done' : ''}
                  </List.Item>
                ))}
              </List>
            </>
          )}
          <Text size="sm">What we will do together:</Text>
          <List size="sm" spacing={2}>
            {p.activities.map((a, i) => (
              <List.Item key={i}>{activityText(a)}</List.Item>
            ))}
          </List>
          {p.progress.visitsPlanned > 0 && (
            <Text size="sm">
              Visits so far: {p.progress.visitsCompleted} of {p.progress.visitsPlanned}. We will look at how
              it is going together on{' '}
              {new Date(`${p.reviewDate}T12:00:00`).toLocaleDateString(undefined, { dateStyle: 'long' })}.
            </Text>
          )}
        </Stack>
      ))}
    </SectionCard>
  );
}
