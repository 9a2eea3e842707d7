import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api, toApiError, type ApiError } from '../../api/client';
import { fieldErrorMap } from '../../components/fieldErrors';
import { ProblemAlert } from '../../components/ProblemAlert';
import { RatingInput } from './RatingInput';
import type { FreeInstrument } from './types';

interface Activity {
  activity: string;
  score: number | null;
}

const PAIN = { low: 'no pain', high: 'worst pain you can imagine' };
const INTERFERE = { low: 'not at all', high: 'completely' };

function answersOf(instrument: FreeInstrument, r: Record<string, number | null>, activities: Activity[]) {
  if (instrument === 'nrs') return { pain: r.pain };
  if (instrument === 'peg') return { pain: r.pain, enjoyment: r.enjoyment, activity: r.activity };
  return { activities: activities.filter((a) => a.activity.trim() || a.score !== null) };
}

/**
 * Answering one free instrument (NRS, PEG or PSFS): a clinician for a patient, or a patient for
 * themselves on a phone. The server scores and checks it; its field errors show beside the answers.
 */
export function RecordScoreForm({
  patientId,
  instrument,
  onSaved,
  submitLabel = 'Save answers',
  requestId,
}: {
  patientId: string;
  instrument: FreeInstrument;
  /** The pre-visit request these answers reply to. */
  requestId?: string;
  onSaved: (score: number) => void;
  submitLabel?: string;
}) {
  const [r, setR] = useState<Record<string, number | null>>({ pain: null, enjoyment: null, activity: null });
  const [activities, setActivities] = useState<Activity[]>([{ activity: '', score: null }]);
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const errors = fieldErrorMap(error);
  const set = (k: string) => (v: number) => setR((s) => ({ ...s, [k]: v }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const res = await api.post<{ score: number }>(`/api/v1/patients/${patientId}/outcomes`, {
        instrument,
        takenAt: new Date().toISOString(),
        answers: answersOf(instrument, r, activities),
        ...(requestId ? { requestId } : {}),
      });
      onSaved(res.score);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  const shown = ['answers/pain', 'answers/enjoyment', 'answers/activity', 'answers/activities'];
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="md">
        {instrument !== 'psfs' && (
          <RatingInput
            label="Your pain on average over the last week"
            value={r.pain ?? null}
            onChange={set('pain')}
            error={errors['answers/pain']}
            {...PAIN}
          />
        )}
        {instrument === 'peg' && (
          <>
            <RatingInput
              label="How much did pain get in the way of enjoying life?"
              value={r.enjoyment ?? null}
              onChange={set('enjoyment')}
              error={errors['answers/enjoyment']}
              {...INTERFERE}
            />
            <RatingInput
              label="How much did pain get in the way of your daily activity?"
              value={r.activity ?? null}
              onChange={set('activity')}
              error={errors['answers/activity']}
              {...INTERFERE}
            />
          </>
        )}
        {instrument === 'psfs' && (
          <PsfsActivities activities={activities} setActivities={setActivities} errors={errors} />
        )}
        <ProblemAlert error={error} shownPaths={shown} title="The answers were not saved" />
        <Group>
          <Button type="submit" loading={busy}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function PsfsActivities({
  activities,
  setActivities,
  errors,
}: {
  activities: Activity[];
  setActivities: (a: Activity[]) => void;
  errors: Record<string, string>;
}) {
  const change = (i: number, patch: Partial<Activity>) =>
    setActivities(activities.map((a, k) => (k === i ? { ...a, ...patch } : a)));
  return (
    <Stack gap="md">
      <Text size="sm">
        Name up to five activities that are hard for you now, and rate each: 0 = unable to do it, 10 = as well
        as before your problem.
      </Text>
      {errors['answers/activities'] && (
        <Text c="red.8" size="sm" role="alert">
          {errors['answers/activities']}
        </Text>
      )}
      {activities.map((a, i) => (
        <Stack key={i} gap={6}>
          <TextInput
            label={`Activity ${i + 1}`}
            placeholder="e.g. Lifting my child"
            value={a.activity}
            onChange={(e) => change(i, { activity: e.currentTarget.value })}
            error={errors[`answers/activities/${i}/activity`]}
            maxLength={200}
          />
          <RatingInput
            label={`How well can you do “${a.activity.trim() || `activity ${i + 1}`}” today?`}
            value={a.score}
            onChange={(score) => change(i, { score })}
            error={errors[`answers/activities/${i}/score`]}
            low="unable"
            high="as before"
          />
        </Stack>
      ))}
      {activities.length < 5 && (
        <Group>
          <Button
            variant="light"
            onClick={() => setActivities([...activities, { activity: '', score: null }])}
          >
            Add an activity
          </Button>
        </Group>
      )}
    </Stack>
  );
}
