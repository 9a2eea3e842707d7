import {
  Button,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
  type OptionsFilter,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api, toApiError, type ApiError } from '../../api/client';
import { useApiGet } from '../../api/useApi';
import { fieldErrorMap } from '../../components/fieldErrors';
import { ProblemAlert } from '../../components/ProblemAlert';
import type { CarePlanView } from '../../../contracts/outcomes.ts';
import { searchExercises } from '../../../domain/exercises/search.ts';
import { regionNames, type ExerciseView, type PrescriptionView } from './text';

const num = (v: number | string) => (v === '' ? null : Number(v));

/**
 * Prescribing a home exercise: pick one from the library (searched as you type), its dose and how
 * often, optionally the plan of care it belongs to. The server checks it all and names any field it
 * refuses.
 */
export function PrescribeForm({
  patientId,
  onCreated,
  onCancel,
}: {
  patientId: string;
  onCreated: (p: PrescriptionView) => void;
  onCancel: () => void;
}) {
  const library = useApiGet<{ results: ExerciseView[] }>('/api/v1/exercises');
  const plans = useApiGet<{ results: CarePlanView[] }>(`/api/v1/patients/${patientId}/care-plans`);
  const [exercise, setExercise] = useState<string | null>(null);
  const [sets, setSets] = useState<number | string>(2);
  const [reps, setReps] = useState<number | string>(10);
  const [hold, setHold] = useState<number | string>('');
  const [timesPerDay, setTimesPerDay] = useState<number | string>(1);
  const [daysPerWeek, setDaysPerWeek] = useState<number | string>(7);
  const [notes, setNotes] = useState('');
  const live = (plans.data?.results ?? []).filter((p) => p.status !== 'revoked' && p.status !== 'completed');
  const [planId, setPlanId] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const errors = fieldErrorMap(error);
  const chosen = library.data?.results.find((e) => e.id === exercise);
  // The same search as the library's (name, purpose, steps, body region), not the label alone.
  const filter: OptionsFilter = ({ options, search }) => {
    const found = new Set(searchExercises(library.data?.results ?? [], search).map((e) => e.id));
    return options.filter((o) => 'value' in o && found.has(o.value));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onCreated(
        await api.post<PrescriptionView>(`/api/v1/patients/${patientId}/exercise-prescriptions`, {
          exercise: exercise ?? '',
          sets: num(sets),
          reps: num(reps),
          holdSeconds: num(hold),
          timesPerDay: num(timesPerDay),
          daysPerWeek: num(daysPerWeek),
          notes: notes.trim() || null,
          carePlanId: planId,
        }),
      );
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="prescribe-title" noValidate>
      <Stack gap="sm">
        <Title order={3} size="h5" id="prescribe-title">
          Prescribe a home exercise
        </Title>
        <Select
          label="Exercise"
          description="Type to search the library by name, purpose or body region (e.g. neck)"
          placeholder="Search exercises…"
          searchable
          filter={filter}
          required
          nothingFoundMessage="No exercise matches"
          data={(library.data?.results ?? []).map((x) => ({
            value: x.id,
            label: x.builtin ? x.name : `${x.name} (clinic’s own)`,
          }))}
          value={exercise}
          onChange={setExercise}
          error={errors.exercise}
        />
        {chosen && (
          <Text size="sm" c="dimmed">
            {chosen.purpose} Body regions: {regionNames(chosen.regions)}.
          </Text>
        )}
        <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="sm">
          <NumberInput
            label="Sets"
            min={1}
            max={20}
            value={sets}
            onChange={setSets}
            error={errors.sets}
            required
          />
          <NumberInput
            label="Reps"
            min={1}
            max={100}
            value={reps}
            onChange={setReps}
            error={errors.reps}
            required
          />
          <NumberInput
            label="Hold (seconds)"
            min={1}
            max={600}
            value={hold}
            onChange={setHold}
            error={errors.holdSeconds}
          />
          <NumberInput
            label="Times a day"
            min={1}
            max={6}
            value={timesPerDay}
            onChange={setTimesPerDay}
            error={errors.timesPerDay}
            required
          />
          <NumberInput
            label="Days a week"
            min={1}
            max={7}
            value={daysPerWeek}
            onChange={setDaysPerWeek}
            error={errors.daysPerWeek}
            required
          />
        </SimpleGrid>
        {live.length > 0 && (
          <Select
            label="Part of the plan of care"
            placeholder="None"
            clearable
            data={live.map((p) => ({ value: p.id, label: p.title }))}
            value={planId}
            onChange={setPlanId}
            error={errors.carePlanId}
          />
        )}
        <Textarea
          label="Notes for the patient"
          autosize
          minRows={2}
          maxLength={500}
          value={notes}
          onChange={(e) => setNotes(e.currentTarget.value)}
          error={errors.notes}
        />
        <ProblemAlert
          error={error ?? library.error}
          shownPaths={[
            'exercise',
            'sets',
            'reps',
            'holdSeconds',
            'timesPerDay',
            'daysPerWeek',
            'carePlanId',
            'notes',
          ]}
        />
        <Group>
          <Button type="submit" loading={busy}>
            Prescribe
          </Button>
          <Button variant="subtle" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
