import { Button, List, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { api, toApiError, type ApiError } from '../../api/client';
import { useApiGet } from '../../api/useApi';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { SectionCard } from '../../components/SectionCard';
import { doseText, frequencyText, type PrescriptionView, type ProgramView } from './text';

/** One exercise as the patient sees it: how to do it, and a big button to tick today's session off. */
function MyExercise({ p, onChange }: { p: PrescriptionView; onChange: (p: PrescriptionView) => void }) {
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const act = async (fn: () => Promise<PrescriptionView>) => {
    setBusy(true);
    setError(undefined);
    try {
      onChange(await fn());
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  const { done, allowed } = p.today;
  const week = p.adherence.weeks.at(-1);
  const titleId = `my-exercise-${p.id}`;
  const tickLabel = done >= allowed ? 'All done today' : 'I did a session';
  return (
    <Paper withBorder p="md" radius="md" component="article" aria-labelledby={titleId}>
      <Stack gap="sm">
        <Title order={3} size="h4" id={titleId}>
          {p.exercise.name}
        </Title>
        <Text>
          {doseText(p)}, {frequencyText(p)}.
        </Text>
        {p.notes && <Text>Your clinician’s note: {p.notes}</Text>}
        <details>
          <summary style={{ cursor: 'pointer', padding: '12px 0' }}>How to do it</summary>
          <Stack gap={6} mt={4}>
            <Text size="sm">{p.exercise.purpose}</Text>
            <List type="ordered" size="sm" spacing={4}>
              {p.exercise.steps.map((s, i) => (
                <List.Item key={i}>{s}</List.Item>
              ))}
            </List>
            {p.exercise.cautions.length > 0 && (
              <>
                <Text size="sm" fw={600}>
                  Take care
                </Text>
                <List size="sm" spacing={4}>
                  {p.exercise.cautions.map((c, i) => (
                    <List.Item key={i}>{c}</List.Item>
                  ))}
                </List>
              </>
            )}
          </Stack>
        </details>
        <Text role="status" aria-live="polite">
          Today: {done} of {allowed} {allowed === 1 ? 'session' : 'sessions'} done
          {done >= allowed ? ' — well done!' : ''}
        </Text>
        <Stack gap="xs">
          <Button
            size="lg"
            fullWidth
            loading={busy}
            disabled={done >= allowed}
            onClick={() => void act(() => api.post(`/api/v1/exercise-prescriptions/${p.id}/sessions`))}
            aria-label={`${tickLabel}: ${p.exercise.name}`}
          >
            {tickLabel}
          </Button>
          {done > 0 && (
            <Button
              size="lg"
              fullWidth
              variant="default"
              disabled={busy}
              onClick={() => void act(() => api.del(`/api/v1/exercise-prescriptions/${p.id}/sessions/today`))}
              aria-label={`Undo: ${p.exercise.name}`}
            >
              Undo
            </Button>
          )}
        </Stack>
        {week && (
          <Stack gap={2}>
            <Text size="sm">
              This week: {week.done} of {week.prescribed} sessions ({week.percent}%)
            </Text>
            <Progress
              value={week.percent}
              color="teal.7"
              aria-label={`This week: ${week.percent}% of sessions done`}
            />
          </Stack>
        )}
        <ProblemAlert error={error} />
      </Stack>
    </Paper>
  );
}

/** The patient's current home exercises on their progress page (stopped ones are not shown). */
export function MyExercises({ patientId }: { patientId: string }) {
  const res = useApiGet<ProgramView>(`/api/v1/patients/${patientId}/exercise-prescriptions`);
  const current = (res.data?.results ?? []).filter((p) => !p.stoppedAt);
  const replace = (p: PrescriptionView) =>
    res.data && res.setData({ ...res.data, results: res.data.results.map((x) => (x.id === p.id ? p : x)) });
  if (res.data && !res.error && current.length === 0) return null;
  return (
    <SectionCard titleId="my-exercises-title" title="My exercises">
      {res.loading && !res.data ? <Loading label="Loading your exercises…" /> : null}
      <ProblemAlert error={res.error} />
      {current.length > 0 && (
        <Text size="sm">
          Tick off each session when you have done it. Your clinician sees how it is going.
        </Text>
      )}
      {current.map((p) => (
        <MyExercise key={p.id} p={p} onChange={replace} />
      ))}
    </SectionCard>
  );
}
