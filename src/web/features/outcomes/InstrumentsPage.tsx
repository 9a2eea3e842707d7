import {
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { api, toApiError, type ApiError } from '../../api/client';
import { useApiGet } from '../../api/useApi';
import { fieldErrorMap } from '../../components/fieldErrors';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { usePageTitle } from '../../components/usePageTitle';
import type { InstrumentView } from './types';
import { QuestionnaireScheduleCard } from './QuestionnaireScheduleCard';

/** One instrument's settings: on/off (a licensed one with its licence), the clinic's threshold. */
function InstrumentCard({ i, onSaved }: { i: InstrumentView; onSaved: (v: InstrumentView) => void }) {
  const [enabled, setEnabled] = useState(i.enabled);
  const [licence, setLicence] = useState(i.licenceReference ?? '');
  const [points, setPoints] = useState<number | string>(i.threshold.points);
  const [percent, setPercent] = useState<number | string>(i.threshold.percent ?? '');
  const [error, setError] = useState<ApiError | undefined>();
  const [saved, setSaved] = useState(false);
  const errors = fieldErrorMap(error);
  const licensed = i.licence === 'licence-required';

  async function save(reset = false) {
    setError(undefined);
    setSaved(false);
    try {
      const body = {
        instrument: i.id,
        enabled,
        ...(licensed ? { licenceReference: licence.trim() || null } : {}),
      };
      const next = { points: Number(points), percent: percent === '' ? null : Number(percent) };
      // Only a changed threshold is sent: switching an instrument on does not pin today's default.
      const changed = next.points !== i.threshold.points || next.percent !== i.threshold.percent;
      if (reset) Object.assign(body, { threshold: null });
      else if (changed) Object.assign(body, { threshold: next });
      const v = await api.put<InstrumentView>('/api/v1/admin/instruments', body);
      onSaved(v);
      setPoints(v.threshold.points);
      setPercent(v.threshold.percent ?? '');
      setSaved(true);
    } catch (e) {
      setError(toApiError(e));
    }
  }

  const titleId = `instrument-${i.id}`;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={titleId}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h4" id={titleId}>
            {i.name}
          </Title>
          <Badge color={licensed ? 'amber' : 'sage'} variant="light" tt="none">
            {licensed ? 'Licence required' : 'Free'}
          </Badge>
        </Group>
        <Text size="sm">{i.licenceNote}</Text>
        <Switch
          label="Enabled in this clinic"
          checked={enabled}
          onChange={(e) => setEnabled(e.currentTarget.checked)}
        />
        {licensed && (
          <TextInput
            label="Licence reference"
            description="The clinic's licence or agreement for this instrument (required to enable it)"
            value={licence}
            onChange={(e) => setLicence(e.currentTarget.value)}
            error={errors.licenceReference}
          />
        )}
        <Group align="end" gap="sm">
          <NumberInput
            label="Responder: points"
            value={points}
            onChange={setPoints}
            min={0.1}
            step={0.5}
            error={errors['threshold/points']}
            w={150}
          />
          <NumberInput
            label="or percent (optional)"
            value={percent}
            onChange={setPercent}
            min={1}
            max={100}
            error={errors['threshold/percent']}
            w={170}
          />
        </Group>
        <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {i.threshold.custom ? 'Threshold set by this clinic.' : `Default threshold: ${i.threshold.source}`}
          {i.settingsChangedBy && i.settingsChangedAt
            ? ` Last changed by ${i.settingsChangedBy.name} on ${new Date(i.settingsChangedAt).toLocaleString()}.`
            : ''}
        </Text>
        <ProblemAlert
          error={error}
          shownPaths={['licenceReference', 'threshold/points', 'threshold/percent']}
        />
        <Group>
          <Button size="xs" onClick={() => void save()}>
            Save
          </Button>
          {i.threshold.custom && (
            <Button size="xs" variant="default" onClick={() => void save(true)}>
              Back to the default threshold
            </Button>
          )}
          {saved && (
            <Text size="sm" role="status">
              Saved.
            </Text>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

/** `/app/admin/instruments`: which outcome instruments the clinic uses, licences and thresholds. */
export default function InstrumentsPage() {
  usePageTitle('Outcome instruments');
  const res = useApiGet<InstrumentView[]>('/api/v1/instruments');
  return (
    <Stack gap="md" maw={820}>
      <Title order={1}>Outcome instruments</Title>
      <Text>
        NRS, PEG and PSFS are free to use. The others are licensed: enable one only with the clinic’s licence,
        and enter the total from the licensed form. Threshold changes apply to every report from now on.
      </Text>
      {res.loading && !res.data ? <Loading label="Loading instruments…" /> : null}
      <ProblemAlert error={res.error} />
      {res.data && <QuestionnaireScheduleCard instruments={res.data} />}
      {res.data?.map((i) => (
        <InstrumentCard
          key={i.id}
          i={i}
          onSaved={(v) => res.data && res.setData(res.data.map((x) => (x.id === v.id ? v : x)))}
        />
      ))}
    </Stack>
  );
}
