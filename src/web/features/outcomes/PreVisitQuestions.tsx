import { Alert, Text } from '@mantine/core';
import { useState } from 'react';
import { useApiGet } from '../../api/useApi';
import { ProblemAlert } from '../../components/ProblemAlert';
import { SectionCard } from '../../components/SectionCard';
import type { QuestionnaireRequestView } from '../../../contracts/outcomes.ts';
import { RecordScoreForm } from './RecordScoreForm';
import { FREE_INSTRUMENTS, type FreeInstrument } from './types';

/** A visit's day and time in the clinic's zone (the message that asked used the same). */
export const visitWhen = (iso: string, timeZone: string) =>
  new Date(iso).toLocaleString('en-US', {
    timeZone,
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  });

const isFree = (id: string): id is FreeInstrument => (FREE_INSTRUMENTS as readonly string[]).includes(id);

/**
 * The patient's open pre-visit questionnaire, at the top of My progress: one instrument at a
 * time with the same rating inputs, each saved with the request's id.
 */
export function PreVisitQuestions({ patientId, onAnswered }: { patientId: string; onAnswered: () => void }) {
  const res = useApiGet<QuestionnaireRequestView[]>(
    `/api/v1/patients/${patientId}/questionnaire-requests?open=true`,
  );
  const [done, setDone] = useState<string | null>(null);
  const req = res.data?.[0];
  if (res.error) return <ProblemAlert error={res.error} />;
  const thanks = done ? (
    <Alert
      color="sage"
      title="Thank you: your clinician will see your answers before your visit"
      role="status"
    >
      Your answers for your visit on {done} are saved.
    </Alert>
  ) : null;
  const left = req ? req.instruments.filter((i) => !req.answered.includes(i)).filter(isFree) : [];
  const current = left[0];
  if (!req || !current) return thanks;
  const step = req.instruments.length - left.length + 1;
  return (
    <>
      {thanks}
      <SectionCard
        titleId="previsit-title"
        title={`Before your visit on ${visitWhen(req.visitStart, req.timeZone)}: ${req.questions} quick questions`}
      >
        <Text size="sm" c="dimmed">
          {req.instruments.length > 1 ? `Part ${step} of ${req.instruments.length}. ` : ''}
          {current === 'nrs'
            ? 'One question about your pain.'
            : current === 'peg'
              ? 'Three questions about your pain and how it gets in the way.'
              : 'Activities you find hard, each rated.'}
        </Text>
        <RecordScoreForm
          key={`${req.id}-${current}`}
          patientId={patientId}
          instrument={current}
          requestId={req.id}
          submitLabel={left.length > 1 ? 'Next' : 'Send my answers'}
          onSaved={() => {
            if (left.length === 1) setDone(visitWhen(req.visitStart, req.timeZone));
            res.reload();
            onAnswered();
          }}
        />
      </SectionCard>
    </>
  );
}
