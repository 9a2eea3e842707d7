import { Button, NativeSelect, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api, toApiError, type ApiError } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { fieldErrorMap } from '../../components/fieldErrors';

/**
 * The patient's review of a completed visit (once). Published in the directory without their name,
 * marked as from a verified visit.
 */
export function ReviewVisit({ appointmentId }: { appointmentId: string }) {
  const [rating, setRating] = useState('');
  const [text, setText] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<'sent' | 'already' | null>(null);
  const errs = fieldErrorMap(error);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api.post(`/api/v1/appointments/${encodeURIComponent(appointmentId)}/review`, {
        rating: Number(rating),
        text,
      });
      setDone('sent');
    } catch (err) {
      const problem = toApiError(err);
      if (problem.status === 409 && problem.problem.type?.endsWith('/already-reviewed')) setDone('already');
      else setError(problem);
    } finally {
      setBusy(false);
    }
  };

  if (done)
    return (
      <Text role="status">
        {done === 'sent'
          ? 'Thank you: your review is published in the directory without your name.'
          : 'You have already reviewed this visit.'}
      </Text>
    );
  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="review-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="review-heading">
          Review this visit
        </Title>
        <Text size="sm">Your review is shown in the public directory without your name.</Text>
        <NativeSelect
          label="Your rating"
          required
          value={rating}
          onChange={(e) => setRating(e.currentTarget.value)}
          error={errs.rating}
          data={[
            { value: '', label: 'Choose 1 to 5' },
            { value: '5', label: '5 – excellent' },
            { value: '4', label: '4 – good' },
            { value: '3', label: '3 – fair' },
            { value: '2', label: '2 – poor' },
            { value: '1', label: '1 – very poor' },
          ]}
        />
        <Textarea
          label="What would you tell someone choosing a DO? (optional)"
          description="Please do not include names or health details."
          value={text}
          maxLength={2000}
          autosize
          minRows={3}
          onChange={(e) => setText(e.currentTarget.value)}
          error={errs.text}
        />
        <ProblemAlert error={error} shownPaths={Object.keys(errs)} title="The review was not sent" />
        <Button type="submit" loading={busy} disabled={!rating} maw={240}>
          Send review
        </Button>
      </Stack>
    </form>
  );
}
