import { Button, Checkbox, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { api, toApiError, type ApiError } from '../../api/client';
import { useApiGet } from '../../api/useApi';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ProblemWithRetry } from '../../components/ProblemWithRetry';
import { SectionCard } from '../../components/SectionCard';

interface Consent {
  version: string;
  text: string;
  accepted: boolean;
}

/**
 * A first visit booked online needs the clinic's intake consent: show its text, let the patient
 * accept it, then book (the caller retries the booking in `onAccepted`).
 */
export function IntakeConsent({ patientId, onAccepted }: { patientId: string; onAccepted: () => void }) {
  const path = `/api/v1/patients/${encodeURIComponent(patientId)}/intake-consent`;
  const { data, error, loading, reload } = useApiGet<Consent>(path);
  const [agreed, setAgreed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [saveError, setSaveError] = useState<ApiError | undefined>();

  const accept = async () => {
    setBusy(true);
    setSaveError(undefined);
    try {
      await api.post(path, { accepted: true });
      onAccepted();
    } catch (e) {
      setSaveError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <SectionCard titleId="consent-title" title="Consent for a first visit" order={3}>
      <Text size="sm">
        A first visit includes an examination and hands-on treatment. Please read and agree first.
      </Text>
      <ProblemWithRetry error={error} title="Could not load the consent" onRetry={reload} />
      {loading && !data ? <Loading label="Loading the consent…" /> : null}
      {data ? (
        <>
          <Stack gap="xs" p="sm" bg="gray.0" style={{ borderRadius: 'var(--mantine-radius-md)' }}>
            {data.text.split(/\n\s*\n/).map((para, i) => (
              <Text key={i} size="sm" fw={i === 0 ? 700 : undefined}>
                {para}
              </Text>
            ))}
          </Stack>
          <Checkbox
            size="md"
            label="I have read this and I agree"
            checked={agreed}
            onChange={(e) => setAgreed(e.currentTarget.checked)}
          />
          <ProblemAlert error={saveError} title="Your agreement was not saved" />
          <Button size="lg" fullWidth disabled={!agreed} loading={busy} onClick={accept}>
            Agree and book
          </Button>
        </>
      ) : null}
    </SectionCard>
  );
}
