import {
  Button,
  NativeSelect,
  NumberInput,
  Paper,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api, toApiError, type ApiError } from '../../api/client';
import type { ClinicSettings } from '../../../contracts/admin.ts';
import { useApiGet } from '../../api/useApi';
import { useSession } from '../../auth/session';
import { fieldErrorMap } from '../../components/fieldErrors';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { usePageTitle } from '../../components/usePageTitle';
import { timeZoneOptions } from './timeZones';
import { ClinicContactForm } from './ClinicContactForm';

/** The server's bounds (PATCH /api/v1/admin/clinic); its messages are the same sentences. */
const MIN_IDLE = 2;
const MAX_IDLE = 480;
const PATHS = [
  'name',
  'timeZone',
  'mfaRequiredForStaff',
  'staffIdleTimeoutMinutes',
  'selfSignupRequiresApproval',
];

function SettingsForm({
  initial,
  onSaved,
}: {
  initial: ClinicSettings;
  onSaved: (s: ClinicSettings) => void;
}) {
  const [name, setName] = useState(initial.name);
  const [timeZone, setTimeZone] = useState(initial.timeZone);
  const [mfaRequired, setMfaRequired] = useState(initial.mfaRequiredForStaff);
  const [idle, setIdle] = useState<number | string>(initial.staffIdleTimeoutMinutes);
  const [approveSignups, setApproveSignups] = useState(initial.selfSignupRequiresApproval ?? false);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!name.trim()) errors.name = 'Enter the clinic name.';
    else if (name.trim().length > 200) errors.name = 'Shorten the clinic name to 200 characters or fewer.';
    const minutes = typeof idle === 'number' ? idle : Number(idle);
    if (!Number.isInteger(minutes) || minutes < MIN_IDLE || minutes > MAX_IDLE)
      errors.staffIdleTimeoutMinutes = `Enter the staff idle timeout as whole minutes between ${MIN_IDLE} and ${MAX_IDLE}.`;
    setLocalErrors(errors);
    setSaved('');
    if (Object.keys(errors).length > 0) return;
    setBusy(true);
    setError(undefined);
    try {
      const updated = await api.patch<ClinicSettings>('/api/v1/admin/clinic', {
        name: name.trim(),
        timeZone,
        mfaRequiredForStaff: mfaRequired,
        staffIdleTimeoutMinutes: minutes,
        selfSignupRequiresApproval: approveSignups,
      });
      onSaved(updated);
      setSaved('Clinic settings saved.');
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const errors = { ...fieldErrorMap(error), ...localErrors };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <ProblemAlert error={error} shownPaths={PATHS} title="Settings were not saved" />
        <TextInput
          label="Clinic name"
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.name}
        />
        <NativeSelect
          label="Time zone"
          description="Used for schedules and for times shown in the app"
          value={timeZone}
          onChange={(e) => setTimeZone(e.currentTarget.value)}
          data={timeZoneOptions(initial.timeZone)}
          error={errors.timeZone}
        />
        <Switch
          label="Require MFA for staff"
          description="Staff without an authenticator must set one up before they can open patient data."
          checked={mfaRequired}
          onChange={(e) => setMfaRequired(e.currentTarget.checked)}
          error={errors.mfaRequiredForStaff}
        />
        <NumberInput
          label="Staff idle timeout (minutes)"
          description="Staff are signed out after this long without activity."
          min={MIN_IDLE}
          max={MAX_IDLE}
          allowDecimal={false}
          allowNegative={false}
          value={idle}
          onChange={setIdle}
          error={errors.staffIdleTimeoutMinutes}
          maw={260}
        />
        <Switch
          label="Require staff approval of online sign-ups"
          description="Every patient who signs up on the booking page waits in Sign-ups until the front desk or an admin approves them, even when their record matches exactly."
          checked={approveSignups}
          onChange={(e) => setApproveSignups(e.currentTarget.checked)}
          error={errors.selfSignupRequiresApproval}
        />
        <div>
          <Button type="submit" loading={busy}>
            Save settings
          </Button>
        </div>
        <Text size="sm" role="status" aria-live="polite">
          {saved}
        </Text>
      </Stack>
    </form>
  );
}

export function ClinicSettingsPage() {
  usePageTitle('Clinic settings');
  const { refresh } = useSession();
  const { data, error, loading, setData } = useApiGet<ClinicSettings>('/api/v1/admin/clinic');
  const onSaved = (settings: ClinicSettings) => {
    setData(settings);
    // The header shows the clinic name and the idle timer uses the timeout: re-read the session.
    void refresh().catch(() => undefined);
  };
  return (
    <Stack gap="lg" maw={640}>
      <Title order={1}>Clinic settings</Title>
      <ProblemAlert error={error} title="Could not load the clinic settings" />
      {loading && !data ? <Loading label="Loading settings…" /> : null}
      {data ? (
        <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
          <SettingsForm key={data.id} initial={data} onSaved={onSaved} />
        </Paper>
      ) : null}
      {data ? (
        <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
          <ClinicContactForm key={data.id} initial={data} onSaved={setData} />
        </Paper>
      ) : null}
    </Stack>
  );
}
