import { Button, Group, MultiSelect, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api, toApiError, type ApiError } from '../../api/client';
import { fieldErrorMap } from '../../components/fieldErrors';
import { ProblemAlert } from '../../components/ProblemAlert';
import { REGIONS } from '../../../domain/omt/regions.ts';
import type { ExerciseView } from './text';

const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** Adds an exercise to the clinic's own library, or changes one of them (`editing`). */
export function ExerciseForm({
  editing,
  onSaved,
  onCancel,
}: {
  editing?: ExerciseView;
  onSaved: (e: ExerciseView) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(editing?.name ?? '');
  const [purpose, setPurpose] = useState(editing?.purpose ?? '');
  const [steps, setSteps] = useState(editing?.steps.join('\n') ?? '');
  const [cautions, setCautions] = useState(editing?.cautions.join('\n') ?? '');
  const [regions, setRegions] = useState<string[]>(editing?.regions ?? []);
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const errors = fieldErrorMap(error);
  const titleId = editing ? `edit-exercise-${editing.id}` : 'new-exercise-title';
  const errorOf = (key: string) =>
    Object.entries(errors)
      .filter(([k]) => k === key || k.startsWith(`${key}/`))
      .map(([, v]) => v)
      .join(' ') || undefined;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    const body = { name, purpose, steps: lines(steps), cautions: lines(cautions), regions };
    try {
      onSaved(
        editing
          ? await api.patch<ExerciseView>(`/api/v1/exercises/${editing.id}`, body)
          : await api.post<ExerciseView>('/api/v1/exercises', body),
      );
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby={titleId} noValidate>
      <Stack gap="sm">
        <Title order={3} size="h5" id={titleId}>
          {editing ? `Change “${editing.name}”` : 'Add an exercise of the clinic’s own'}
        </Title>
        <TextInput
          label="Name"
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errorOf('name')}
        />
        <TextInput
          label="What it is for"
          required
          value={purpose}
          onChange={(e) => setPurpose(e.currentTarget.value)}
          error={errorOf('purpose')}
        />
        <Textarea
          label="Steps"
          description="One step a line, in plain words for the patient"
          required
          autosize
          minRows={3}
          value={steps}
          onChange={(e) => setSteps(e.currentTarget.value)}
          error={errorOf('steps')}
        />
        <Textarea
          label="Cautions"
          description="One a line; when to stop and ask"
          autosize
          minRows={2}
          value={cautions}
          onChange={(e) => setCautions(e.currentTarget.value)}
          error={errorOf('cautions')}
        />
        <MultiSelect
          label="Body regions"
          placeholder="Pick one or more"
          searchable
          required
          data={REGIONS.map((r) => ({ value: r.id, label: r.label }))}
          value={regions}
          onChange={setRegions}
          error={errorOf('regions')}
        />
        <ProblemAlert error={error} shownPaths={Object.keys(errors)} />
        <Group>
          <Button type="submit" loading={busy}>
            {editing ? 'Save changes' : 'Add to library'}
          </Button>
          <Button variant="subtle" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
