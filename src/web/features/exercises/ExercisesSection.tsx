import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { api, toApiError, type ApiError } from '../../api/client';
import { useApiGet } from '../../api/useApi';
import { ConfirmButton } from '../../components/ConfirmButton';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { SectionCard } from '../../components/SectionCard';
import { AdherenceBars } from './AdherenceBars';
import { PrescribeForm } from './PrescribeForm';
import { doseText, frequencyText, type PrescriptionView, type ProgramView } from './text';

function PrescriptionCard({
  p,
  canEdit,
  onChange,
}: {
  p: PrescriptionView;
  canEdit: boolean;
  onChange: (p: PrescriptionView) => void;
}) {
  const [error, setError] = useState<ApiError | undefined>();
  const stop = async () => {
    setError(undefined);
    try {
      onChange(await api.post<PrescriptionView>(`/api/v1/exercise-prescriptions/${p.id}/stop`));
    } catch (e) {
      setError(toApiError(e));
    }
  };
  const total = p.adherence.total;
  return (
    <Paper withBorder p="md" radius="md" component="article" aria-label={p.exercise.name}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <Text fw={700}>{p.exercise.name}</Text>
          <Group gap={6}>
            {p.stoppedAt ? (
              <Badge color="gray" variant="light" tt="none">
                Stopped {p.stoppedAt.slice(0, 10)}
              </Badge>
            ) : (
              <Badge color="sage" variant="light" tt="none">
                Current
              </Badge>
            )}
            <Badge color="blue" variant="light" tt="none">
              {total.percent}% done overall
            </Badge>
          </Group>
        </Group>
        <Text size="sm">
          {doseText(p)}, {frequencyText(p)} · since {p.start} · prescribed by {p.prescribedBy.name}
        </Text>
        {p.notes && <Text size="sm">Notes: {p.notes}</Text>}
        <AdherenceBars p={p} />
        {canEdit && !p.stoppedAt && (
          <Group>
            <ConfirmButton
              size="xs"
              variant="light"
              color="red"
              confirmLabel="Stop this exercise"
              message={`Stop ${p.exercise.name}? The patient no longer sees it; its sessions stay on record.`}
              onConfirm={stop}
              aria-label={`Stop ${p.exercise.name}`}
            >
              Stop
            </ConfirmButton>
          </Group>
        )}
        <ProblemAlert error={error} />
      </Stack>
    </Paper>
  );
}

/** The patient's home exercise program on their record: prescribe, adherence per week, stop. */
export function ExercisesSection({ patientId, canEdit }: { patientId: string; canEdit: boolean }) {
  const program = useApiGet<ProgramView>(`/api/v1/patients/${patientId}/exercise-prescriptions`);
  const [prescribing, setPrescribing] = useState(false);
  const replace = (p: PrescriptionView) =>
    program.data &&
    program.setData({ ...program.data, results: program.data.results.map((x) => (x.id === p.id ? p : x)) });
  return (
    <SectionCard
      titleId="home-exercises-title"
      title="Home exercises"
      action={
        canEdit && !prescribing ? (
          <Button size="xs" variant="light" onClick={() => setPrescribing(true)}>
            Prescribe exercise
          </Button>
        ) : null
      }
    >
      {prescribing && (
        <PrescribeForm
          patientId={patientId}
          onCancel={() => setPrescribing(false)}
          onCreated={() => {
            setPrescribing(false);
            program.reload();
          }}
        />
      )}
      {program.loading && !program.data ? <Loading label="Loading home exercises…" /> : null}
      <ProblemAlert error={program.error} />
      {program.data?.results.length === 0 && <Text size="sm">No home exercises prescribed yet.</Text>}
      {program.data?.results.map((p) => (
        <PrescriptionCard key={p.id} p={p} canEdit={canEdit} onChange={replace} />
      ))}
    </SectionCard>
  );
}
