import { Alert, Box, Button, Radio, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api, toApiError, type ApiError } from '../../api/client';
import { useSession } from '../../auth/session';
import { fieldErrorMap } from '../../components/fieldErrors';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatTime } from '../../lib/format';

const DURATIONS = ['15', '30', '60'] as const;
const MIN_REASON = 10;

/** Shown on every view of a record opened through break-glass access. */
export function EmergencyBanner({ expiresAt }: { expiresAt: string }) {
  const { me } = useSession();
  return (
    <Box className="emergency-banner" role="alert">
      <Text fw={700} size="lg" c="white">
        Emergency access — audited
      </Text>
      <Text size="sm" c="white">
        Every view of this record is recorded with your reason and reviewed. Access ends at{' '}
        {formatTime(expiresAt, me.clinic.timeZone)}.
      </Text>
    </Box>
  );
}

/**
 * Offered when a record answers 404 to a user allowed to use break-glass: a reason and a short,
 * fixed duration, then the record is loaded again.
 */
export function EmergencyAccessRequest({
  patientId,
  onGranted,
}: {
  patientId: string;
  onGranted: () => void;
}) {
  const [reason, setReason] = useState('');
  const [minutes, setMinutes] = useState<string>('15');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim().length < MIN_REASON) {
      setReasonError(`Describe the emergency in at least ${MIN_REASON} characters.`);
      return;
    }
    setReasonError(null);
    setBusy(true);
    setError(undefined);
    try {
      await api.post('/api/v1/break-glass', { patientId, reason: reason.trim(), minutes: Number(minutes) });
      onGranted();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const fields = fieldErrorMap(error);
  return (
    <Stack gap="md" maw={640}>
      <Alert color="gray" title="This record is not available to you">
        It may not exist, or it belongs to a patient outside your care. In an emergency you can open it for a
        short time. Your name, the reason and every view are recorded in the audit log and reviewed by the
        clinic.
      </Alert>
      <form onSubmit={submit} noValidate aria-labelledby="emergency-title">
        <Stack gap="md">
          <Title order={2} size="h3" id="emergency-title">
            Emergency access
          </Title>
          <ProblemAlert
            error={error}
            shownPaths={['reason', 'minutes']}
            title="Emergency access was not granted"
          />
          <Textarea
            label="Reason"
            description="Why do you need this record now? This is shown to reviewers."
            required
            autosize
            minRows={3}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={reasonError ?? fields.reason}
          />
          <Radio.Group label="Duration" value={minutes} onChange={setMinutes} error={fields.minutes}>
            <Stack gap={6} mt={4}>
              {DURATIONS.map((m) => (
                <Radio key={m} value={m} label={`${m} minutes`} />
              ))}
            </Stack>
          </Radio.Group>
          <div>
            <Button type="submit" color="red" loading={busy}>
              Open record in emergency mode
            </Button>
          </div>
        </Stack>
      </form>
    </Stack>
  );
}
