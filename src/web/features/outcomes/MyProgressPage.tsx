import { Alert, Anchor, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { useApiGet } from '../../api/useApi';
import { useSession } from '../../auth/session';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { SectionCard } from '../../components/SectionCard';
import { usePageTitle } from '../../components/usePageTitle';
import { OutcomeChart } from './OutcomeChart';
import { MyPlan } from './MyPlan';
import { LazyMyExercises } from '../exercises/lazy';
import { PreVisitQuestions } from './PreVisitQuestions';
import { SeriesSummary } from './OutcomesSection';
import { RecordScoreForm } from './RecordScoreForm';
import { FREE_INSTRUMENTS, type FreeInstrument, type OutcomeSeries } from './types';

const CHOICES: { value: FreeInstrument; label: string; about: string }[] = [
  {
    value: 'peg',
    label: 'Pain and life',
    about: 'Three questions about your pain and how it gets in the way.',
  },
  { value: 'nrs', label: 'Pain only', about: 'One question: how strong your pain has been.' },
  { value: 'psfs', label: 'Activities', about: 'Up to five activities you find hard, each rated.' },
];

/** `/app/me/progress`: the patient answers a short questionnaire and sees their own scores. */
export default function MyProgressPage() {
  usePageTitle('My progress');
  const { me } = useSession();
  const patientId = me.user.patientId;
  const [instrument, setInstrument] = useState<FreeInstrument>('peg');
  const [saved, setSaved] = useState<number | null>(null);
  const res = useApiGet<OutcomeSeries>(
    patientId ? `/api/v1/patients/${patientId}/outcomes?instrument=${instrument}` : null,
  );
  if (!patientId)
    return <Text>Your account is not linked to a patient record yet. Please contact your clinic.</Text>;
  const about = CHOICES.find((c) => c.value === instrument)!.about;
  return (
    <Stack gap="lg" maw={720}>
      <Anchor component={Link} to="/app/me" size="sm">
        ← My record
      </Anchor>
      <Title order={1}>My progress</Title>
      <Text>Answering takes under a minute. Your clinician sees your answers before your next visit.</Text>
      <PreVisitQuestions patientId={patientId} onAnswered={() => res.reload()} />
      <SegmentedControl
        aria-label="Questionnaire"
        fullWidth
        value={instrument}
        onChange={(v) => {
          setInstrument(v);
          setSaved(null);
        }}
        data={CHOICES.filter((c) => FREE_INSTRUMENTS.includes(c.value)).map(({ value, label }) => ({
          value,
          label,
        }))}
      />
      <SectionCard titleId="answer-title" title="How are you this week?">
        <Text size="sm" c="dimmed">
          {about}
        </Text>
        {saved !== null ? (
          <Alert color="sage" title="Thank you: your answers are saved" role="status">
            Your score today is {saved}. You can see it in the chart below.
          </Alert>
        ) : (
          <RecordScoreForm
            key={instrument}
            patientId={patientId}
            instrument={instrument}
            submitLabel="Send my answers"
            onSaved={(score) => {
              setSaved(score);
              res.reload();
            }}
          />
        )}
      </SectionCard>
      <SectionCard titleId="chart-title" title="My scores over time">
        {res.loading && !res.data ? <Loading label="Loading your scores…" /> : null}
        <ProblemAlert error={res.error} />
        {res.data && <SeriesSummary s={res.data} forPatient />}
        {res.data && res.data.series.length > 0 && <OutcomeChart series={res.data} forPatient />}
      </SectionCard>
      <MyPlan patientId={patientId} />
      <LazyMyExercises patientId={patientId} />
    </Stack>
  );
}
