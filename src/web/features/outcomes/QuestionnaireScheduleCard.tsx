import {
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { api, toApiError, type ApiError } from '../../api/client';
import { useApiGet } from '../../api/useApi';
import { fieldErrorMap } from '../../components/fieldErrors';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import type { QuestionnaireScheduleView } from '../../../contracts/outcomes.ts';
import { FREE_INSTRUMENTS, SHORT_NAMES, type InstrumentView } from './types';

const RULES = [
  { value: 'every-visit', label: 'Before every visit' },
  { value: 'every-n-visits', label: 'Every N visits' },
  { value: 'every-n-days', label: 'Every N days' },
];
const AUDIENCES = [
  { value: 'care-plan', label: 'Patients with an active plan of care' },
  { value: 'all', label: 'All patients with a booked visit' },
];

/** Admin: the pre-visit questionnaire schedule (which instruments, how often, how long ahead, for whom). */
export function QuestionnaireScheduleCard({ instruments }: { instruments: InstrumentView[] }) {
  const res = useApiGet<QuestionnaireScheduleView>('/api/v1/admin/questionnaire-schedule');
  const [s, setS] = useState<QuestionnaireScheduleView | null>(null);
  const [error, setError] = useState<ApiError | undefined>();
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (res.data) setS(res.data);
  }, [res.data]);
  const errors = fieldErrorMap(error);
  const askable = instruments.filter(
    (i) => i.enabled && (FREE_INSTRUMENTS as readonly string[]).includes(i.id),
  );

  async function save() {
    if (!s) return;
    setError(undefined);
    setSaved(false);
    try {
      const { enabled, instruments: ids, rule, every, leadHours, audience } = s;
      const v = await api.put<QuestionnaireScheduleView>('/api/v1/admin/questionnaire-schedule', {
        enabled,
        instruments: ids,
        rule,
        every: rule === 'every-visit' ? null : every,
        leadHours,
        audience,
      });
      setS(v);
      setSaved(true);
    } catch (e) {
      setError(toApiError(e));
    }
  }

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="schedule-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="schedule-title">
          Questionnaires before visits
        </Title>
        <Text size="sm">
          Patients get an email with a link to a short questionnaire before their visit; their answers appear
          on their chart. Answering NRS and PEG takes under a minute on a phone.
        </Text>
        {res.loading && !s ? <Loading label="Loading the schedule…" /> : null}
        <ProblemAlert error={res.error} />
        {s && (
          <>
            <Switch
              label="Send questionnaires before visits"
              checked={s.enabled}
              onChange={(e) => setS({ ...s, enabled: e.currentTarget.checked })}
            />
            <Checkbox.Group
              label="Ask these"
              value={s.instruments}
              onChange={(v) =>
                setS({ ...s, instruments: askable.map((i) => i.id).filter((id) => v.includes(id)) })
              }
              error={
                errors.instruments ?? Object.entries(errors).find(([k]) => k.startsWith('instruments/'))?.[1]
              }
            >
              <Group gap="md" mt={4}>
                {askable.map((i) => (
                  <Checkbox key={i.id} value={i.id} label={SHORT_NAMES[i.id] ?? i.name} />
                ))}
              </Group>
            </Checkbox.Group>
            <Group align="end" gap="sm">
              <Select
                label="How often"
                data={RULES}
                value={s.rule}
                allowDeselect={false}
                onChange={(v) =>
                  v &&
                  setS({
                    ...s,
                    rule: v as QuestionnaireScheduleView['rule'],
                    every: v === 'every-visit' ? null : (s.every ?? (v === 'every-n-days' ? 14 : 3)),
                  })
                }
                w={200}
              />
              {s.rule !== 'every-visit' && (
                <NumberInput
                  label={s.rule === 'every-n-days' ? 'N (days)' : 'N (visits)'}
                  value={s.every ?? ''}
                  onChange={(v) => setS({ ...s, every: v === '' ? null : Number(v) })}
                  min={1}
                  max={365}
                  error={errors.every}
                  w={120}
                />
              )}
              <NumberInput
                label="Hours before the visit"
                value={s.leadHours}
                onChange={(v) => setS({ ...s, leadHours: Number(v) })}
                min={1}
                max={336}
                error={errors.leadHours}
                w={200}
              />
            </Group>
            <Select
              label="For"
              data={AUDIENCES}
              value={s.audience}
              allowDeselect={false}
              onChange={(v) => v && setS({ ...s, audience: v as QuestionnaireScheduleView['audience'] })}
              maw={360}
            />
            <Text size="xs" c="dimmed">
              {s.isDefault
                ? 'The default: NRS and PEG before every visit, 24 hours ahead, for patients with an active plan of care.'
                : s.changedBy && s.changedAt
                  ? `Last changed by ${s.changedBy.name} on ${new Date(s.changedAt).toLocaleString()}.`
                  : ''}
            </Text>
            <ProblemAlert error={error} shownPaths={['instruments', 'every', 'leadHours']} />
            <Group>
              <Button size="xs" onClick={() => void save()}>
                Save schedule
              </Button>
              {saved && (
                <Text size="sm" role="status">
                  Saved.
                </Text>
              )}
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}
