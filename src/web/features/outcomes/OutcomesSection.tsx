import { Badge, Button, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useApiGet } from '../../api/useApi';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { SectionCard } from '../../components/SectionCard';
import { OutcomeChart } from './OutcomeChart';
import { RecordScoreForm } from './RecordScoreForm';
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
