import { Badge, Button, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useApiGet } from '../../api/useApi';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { SectionCard } from '../../components/SectionCard';
import { OutcomeChart } from './OutcomeChart';
import { RecordScoreForm } from './RecordScoreForm';
import { visitWhen } from './PreVisitQuestions';
import type { QuestionnaireRequestView } from '../../../contracts/outcomes.ts';
import { FREE_INSTRUMENTS, SHORT_NAMES, type FreeInstrument, type OutcomeSeries } from './types';

/** Baseline, latest, change and the responder and plateau flags of a series, in words. */
export function SeriesSummary({ s, forPatient = false }: { s: OutcomeSeries; forPatient?: boolean }) {
  if (s.series.length === 0) return <Text size="sm">No scores yet.</Text>;
  if (!s.change) return <Text size="sm">First score: {s.baseline}. The next one will show the change.</Text>;
  const { points, percent } = s.change;
  const word = points > 0 ? 'better' : points < 0 ? 'worse' : 'no change';
  return (
    <Stack gap={6}>
      <Text size="sm">
        First {s.baseline} → latest {s.latest}:{' '}
        <strong>
          {Math.abs(points)} points {word}
          {percent !== null && points !== 0 ? ` (${Math.abs(percent)} %)` : ''}
        </strong>
      </Text>
      <Group gap="xs">
        {s.responder ? (
          <Badge color="sage" variant="light" tt="none">
            {forPatient ? 'Meaningful improvement' : 'Responder'}
          </Badge>
        ) : (
          <Badge color="gray" variant="light" tt="none">
            {forPatient ? 'Not yet a meaningful change' : 'Not a responder yet'}
          </Badge>
        )}
        {s.plateau && (
          <Badge color="amber" variant="light" tt="none">
            {forPatient ? 'Progress has levelled off' : 'Plateau: review due'}
          </Badge>
        )}
      </Group>
    </Stack>
  );
}

/** A patient's outcome series on their record (clinicians and admins): chart, summary, new score. */
export function OutcomesSection({ patientId, canRecord }: { patientId: string; canRecord: boolean }) {
  const [instrument, setInstrument] = useState<FreeInstrument>('nrs');
  const [recording, setRecording] = useState(false);
  const res = useApiGet<OutcomeSeries>(`/api/v1/patients/${patientId}/outcomes?instrument=${instrument}`);
  return (
    <SectionCard
      titleId="outcomes-title"
      title="Outcome scores"
      action={
        canRecord && !recording ? (
          <Button size="xs" variant="light" onClick={() => setRecording(true)}>
            Record a score
          </Button>
        ) : null
      }
    >
      <SegmentedControl
        aria-label="Instrument"
        value={instrument}
        onChange={(v) => setInstrument(v)}
        data={FREE_INSTRUMENTS.map((id) => ({ value: id, label: SHORT_NAMES[id]! }))}
      />
      {recording && (
        <RecordScoreForm
          key={instrument}
          patientId={patientId}
          instrument={instrument}
          onSaved={() => {
            setRecording(false);
            res.reload();
          }}
        />
      )}
      <PreVisitStatus patientId={patientId} />
      {res.loading && !res.data ? <Loading label="Loading scores…" /> : null}
      <ProblemAlert error={res.error} />
      {res.data && (
        <>
          <SeriesSummary s={res.data} />
          {res.data.series.length > 0 && <OutcomeChart series={res.data} />}
        </>
      )}
    </SectionCard>
  );
}

/** Whether the patient answered the questionnaire sent before their latest visit (clinicians). */
function PreVisitStatus({ patientId }: { patientId: string }) {
  const res = useApiGet<QuestionnaireRequestView[]>(`/api/v1/patients/${patientId}/questionnaire-requests`);
  // The next visit's request (the list is newest visit first), else the latest one.
  const r = res.data?.filter((x) => Date.parse(x.visitStart) > Date.now()).pop() ?? res.data?.[0];
  if (!r) return null;
  const names = r.instruments.map((i) => SHORT_NAMES[i] ?? i).join(' and ');
  return (
    <Text size="sm" role="status">
      Pre-visit questionnaire ({names}) for the visit on {visitWhen(r.visitStart, r.timeZone)}:{' '}
      {r.answeredAt ? (
        <strong>answered {new Date(r.answeredAt).toLocaleString()}</strong>
      ) : r.answered.length ? (
        <strong>partly answered ({r.answered.map((i) => SHORT_NAMES[i] ?? i).join(', ')})</strong>
      ) : (
        <>sent {new Date(r.sentAt).toLocaleString()}, not answered yet</>
      )}
    </Text>
  );
}
