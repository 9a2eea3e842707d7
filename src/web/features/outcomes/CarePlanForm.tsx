import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { api, toApiError, type ApiError } from '../../api/client';
import { fieldErrorMap } from '../../components/fieldErrors';
import { ProblemAlert } from '../../components/ProblemAlert';
import type { CarePlanView } from '../../../contracts/outcomes.ts';
import { ACTIVITY_KINDS, ACTIVITY_LABELS, type ActivityKind } from '../../../domain/outcomes/care-plan.ts';
import { REGIONS } from '../../../domain/omt/regions.ts';
import { isModality, type ModalityResult } from '../../../domain/omt/safety/modalities.ts';
import { ModalityFlags } from './ModalityFlags';
import { SHORT_NAMES } from './types';

interface Goal {
  text: string;
  instrument: string | null;
  target: number | string;
}
interface Activity {
  kind: ActivityKind;
  perWeek: number | string;
  weeks: number | string;
  dose: string;
  /** Where a modality is applied ('' = not given). */
  region: string;
}

const num = (v: number | string) => (v === '' ? null : Number(v));
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** Drafting a plan of care: the server checks it all and names any field it refuses. */
export function CarePlanForm({
  patientId,
  conditions,
  onCreated,
  onCancel,
}: {
  patientId: string;
  conditions: { code: string; display: string }[];
  onCreated: (p: CarePlanView) => void;
  onCancel: () => void;
}) {
  const today = new Date();
  const [title, setTitle] = useState('');
  const [problems, setProblems] = useState<string[]>(conditions.slice(0, 1).map((c) => c.code));
  // The OSTEOPATHIC Trial's dose (6 sessions over 8 weeks) is the starting point; reviewed at 8 weeks.
  const [activities, setActivities] = useState<Activity[]>([
    { kind: 'omt', perWeek: 1, weeks: 6, dose: '', region: '' },
  ]);
  const [goals, setGoals] = useState<Goal[]>([{ text: '', instrument: 'nrs', target: 3 }]);
  const [start, setStart] = useState(isoDate(today));
  const [reviewDate, setReviewDate] = useState(isoDate(new Date(today.getTime() + 56 * 86_400_000)));
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const errors = fieldErrorMap(error);
  const safety = useModalitySafety(patientId, activities);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await api.post<CarePlanView>(`/api/v1/patients/${patientId}/care-plans`, {
        title,
        problems: problems.map((code) => ({ code })),
        goals: goals
          .filter((g) => g.text.trim())
          .map((g) => ({
            text: g.text,
            instrument: g.instrument,
            target: g.instrument ? num(g.target) : null,
          })),
        activities: activities.map((a) => ({
          kind: a.kind,
          perWeek: num(a.perWeek),
          weeks: num(a.weeks),
          dose: a.dose || null,
          region: isModality(a.kind) && a.region ? a.region : null,
        })),
        start,
        reviewDate,
      });
      onCreated(created);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  const setGoal = (i: number, p: Partial<Goal>) =>
    setGoals(goals.map((g, k) => (k === i ? { ...g, ...p } : g)));
  const setActivity = (i: number, p: Partial<Activity>) =>
    setActivities(activities.map((a, k) => (k === i ? { ...a, ...p } : a)));
  const shown = ['title', 'start', 'reviewDate', 'problems'];
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="plan-form-title">
      <Stack gap="md">
        <Title order={3} size="h4" id="plan-form-title">
          New plan of care
        </Title>
        <TextInput
          label="Episode"
          placeholder="e.g. Low back pain, spring 2027"
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          error={errors.title}
          withAsterisk
        />
        <Checkbox.Group
          label="Problems treated"
          value={problems}
          onChange={setProblems}
          error={errors.problems}
          withAsterisk
        >
          <Stack gap={4} mt={4}>
            {conditions.length === 0 && (
              <Text size="sm">Add the patient’s conditions to the record first.</Text>
            )}
            {conditions.map((c, i) => (
              <Checkbox
                key={c.code}
                value={c.code}
                label={`${c.code} ${c.display}`}
                error={errors[`problems/${i}/code`]}
              />
            ))}
          </Stack>
        </Checkbox.Group>
        <Stack gap="xs">
          <Text fw={600} size="sm">
            Goals
          </Text>
          {goals.map((g, i) => (
            <Group key={i} align="end" gap="xs" wrap="wrap">
              <TextInput
                label={`Goal ${i + 1}`}
                value={g.text}
                onChange={(e) => setGoal(i, { text: e.currentTarget.value })}
                error={errors[`goals/${i}/text`]}
                style={{ flex: '1 1 14rem' }}
              />
              <Select
                label="Measured by"
                value={g.instrument ?? ''}
                onChange={(v) => setGoal(i, { instrument: v || null })}
                data={[
                  { value: '', label: 'Not measured' },
                  ...['nrs', 'peg', 'psfs'].map((id) => ({ value: id, label: SHORT_NAMES[id]! })),
                ]}
                error={errors[`goals/${i}/instrument`]}
                w={150}
                allowDeselect={false}
              />
              {g.instrument && (
                <NumberInput
                  label="Target score"
                  value={g.target}
                  onChange={(v) => setGoal(i, { target: v })}
                  error={errors[`goals/${i}/target`]}
                  min={0}
                  max={10}
                  w={110}
                />
              )}
              <ActionIcon
                variant="subtle"
                color="red.8"
                aria-label={`Remove goal ${i + 1}`}
                onClick={() => setGoals(goals.filter((_, k) => k !== i))}
                mb={4}
              >
                ×
              </ActionIcon>
            </Group>
          ))}
          <Group>
            <Button
              variant="light"
              size="xs"
              onClick={() => setGoals([...goals, { text: '', instrument: null, target: '' }])}
            >
              Add a goal
            </Button>
          </Group>
        </Stack>
        <Stack gap="xs">
          <Text fw={600} size="sm">
            Activities and dose
          </Text>
          {activities.map((a, i) => (
            <Stack key={i} gap={4}>
              <Group align="end" gap="xs" wrap="wrap">
                <Select
                  label={`Activity ${i + 1}`}
                  value={a.kind}
                  onChange={(v) => v && setActivity(i, { kind: v })}
                  data={ACTIVITY_KINDS.map((k) => ({ value: k, label: ACTIVITY_LABELS[k] }))}
                  allowDeselect={false}
                  w={190}
                />
                <NumberInput
                  label="Per week"
                  value={a.perWeek}
                  onChange={(v) => setActivity(i, { perWeek: v })}
                  error={errors[`activities/${i}/perWeek`]}
                  min={1}
                  max={14}
                  w={95}
                />
                <NumberInput
                  label="Weeks"
                  value={a.weeks}
                  onChange={(v) => setActivity(i, { weeks: v })}
                  error={errors[`activities/${i}/weeks`]}
                  min={1}
                  max={52}
                  w={95}
                />
                {isModality(a.kind) && (
                  <Select
                    label="Site"
                    value={a.region}
                    onChange={(v) => setActivity(i, { region: v ?? '' })}
                    data={[
                      { value: '', label: 'Not given' },
                      ...REGIONS.map((r) => ({ value: r.id, label: r.label })),
                    ]}
                    error={errors[`activities/${i}/region`]}
                    allowDeselect={false}
                    w={170}
                  />
                )}
                <TextInput
                  label="Dose or details"
                  value={a.dose}
                  onChange={(e) => setActivity(i, { dose: e.currentTarget.value })}
                  style={{ flex: '1 1 10rem' }}
                />
                <ActionIcon
                  variant="subtle"
                  color="red.8"
                  aria-label={`Remove activity ${i + 1}`}
                  onClick={() => setActivities(activities.filter((_, k) => k !== i))}
                  mb={4}
                >
                  ×
                </ActionIcon>
              </Group>
              <div aria-live="polite">
                <ModalityFlags
                  label={`Activity ${i + 1}, ${ACTIVITY_LABELS[a.kind]}`}
                  flags={safety.find((r) => r.activity === i)?.flags ?? []}
                />
              </div>
            </Stack>
          ))}
          <Group>
            <Button
              variant="light"
              size="xs"
              onClick={() =>
                setActivities([
                  ...activities,
                  { kind: 'exercise', perWeek: '', weeks: '', dose: '', region: '' },
                ])
              }
            >
              Add an activity
            </Button>
          </Group>
        </Stack>
        <Group gap="md">
          <TextInput
            label="Start"
            type="date"
            value={start}
            onChange={(e) => setStart(e.currentTarget.value)}
            error={errors.start}
          />
          <TextInput
            label="Review on"
            type="date"
            value={reviewDate}
            onChange={(e) => setReviewDate(e.currentTarget.value)}
            error={errors.reviewDate}
          />
        </Group>
        <ProblemAlert error={error} shownPaths={shown} title="The plan was not saved" />
        <Group>
          <Button type="submit" loading={busy}>
            Save draft
          </Button>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * The server's modality flags for the activities as they are chosen (the same rules and the clinic's
 * policy): asked again whenever a dry-needling or shockwave activity or its site changes.
 */
function useModalitySafety(patientId: string, activities: Activity[]): ModalityResult[] {
  const [results, setResults] = useState<ModalityResult[]>([]);
  const key = JSON.stringify(activities.map((a) => [a.kind, isModality(a.kind) ? a.region : '']));
  useEffect(() => {
    const list = JSON.parse(key) as [ActivityKind, string][];
    if (!list.some(([kind]) => isModality(kind))) {
      setResults([]);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api
        .post<{ results: ModalityResult[] }>(
          `/api/v1/patients/${patientId}/care-plans/safety-check`,
          { activities: list.map(([kind, region]) => ({ kind, region: region || null })) },
          { signal: controller.signal },
        )
        .then((r) => setResults(r.results))
        .catch(() => setResults([]));
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [patientId, key]);
  return results;
}
