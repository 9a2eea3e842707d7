import { Alert, Anchor, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, toApiError, type ApiError } from '../../api/client';
import type { Patient, PatientPatchInput as PatientPatch } from '../../../contracts/patients.ts';
import { useApiGet } from '../../api/useApi';
import { useSession } from '../../auth/session';
import { fieldErrorMap } from '../../components/fieldErrors';
import { FlagBadges } from '../../components/FlagBadges';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useFocusWhen } from '../../components/useFocusWhen';
import { birthDateWithAge, humanize } from '../../lib/format';
import { AllergiesSection } from './AllergiesSection';
import { useLocalDraft } from '../../lib/useLocalDraft';
import { formatPhone } from '../../../domain/patients/demographics.ts';
import { ConditionsSection } from './ConditionsSection';
import {
  DEMOGRAPHICS_PATHS,
  demographicsFrom,
  demographicsPatch,
  validateDemographics,
  type DemographicsValues,
} from './demographics';
import { DemographicsFields } from './DemographicsFields';
import { EmergencyAccessRequest, EmergencyBanner } from './EmergencyAccess';
import { FlagsSection } from './FlagsSection';
import { MedicationsSection } from './MedicationsSection';
import { PortalAccessPanel } from '../onboarding/PortalAccessPanel';
import { MergeDuplicate } from './MergeDuplicate';

function Field({ label, value }: { label: string; value: string | null | undefined }) {
  return (
    <div>
      <Text component="dt" size="xs" fw={700} tt="uppercase" c="dimmed" lts={0.5}>
        {label}
      </Text>
      <Text component="dd" m={0}>
        {value || '—'}
      </Text>
    </div>
  );
}

function DemographicsSection({
  patient,
  editable,
  save,
  userId,
}: {
  patient: Patient;
  editable: boolean;
  save: (body: PatientPatch) => Promise<void>;
  userId: string;
}) {
  const [editing, setEditing] = useState(false);
  const [values, setValues] = useState<DemographicsValues>(() => demographicsFrom(patient));
  // Typing survives an idle sign-out: kept on this device until saved, cancelled or discarded.
  const draft = useLocalDraft<DemographicsValues>(userId, `patient-demographics:${patient.id}`);
  const edit = (next: DemographicsValues) => {
    setValues(next);
    draft.save(next);
  };
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState('');
  const formRef = useRef<HTMLFormElement>(null);
  const editButtonRef = useRef<HTMLButtonElement>(null);
  useFocusWhen(editing, formRef, editButtonRef);

  const startEditing = (from: DemographicsValues = demographicsFrom(patient)) => {
    setValues(from);
    setLocalErrors({});
    setError(undefined);
    setSaved('');
    setEditing(true);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const errors = validateDemographics(values);
    setLocalErrors(errors);
    if (Object.keys(errors).length > 0) return;
    const patch = demographicsPatch(demographicsFrom(patient), values);
    if (Object.keys(patch).length === 0) {
      draft.clear();
      setEditing(false);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await save(patch);
      draft.clear();
      setEditing(false);
      setSaved('Demographics and contact saved.');
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const address = patient.address
    ? [patient.address.line, [patient.address.postalCode, patient.address.city].filter(Boolean).join(' ')]
        .filter(Boolean)
        .join(', ')
    : null;

  return (
    <Stack gap="sm" component="section" aria-labelledby="demographics-title">
      <Group justify="space-between" align="center">
        <Title order={2} size="h3" id="demographics-title">
          Demographics and contact
        </Title>
        {editable && !editing ? (
          <Button ref={editButtonRef} variant="light" size="sm" onClick={() => startEditing()}>
            Edit
          </Button>
        ) : null}
      </Group>
      {editable && !editing && draft.pending ? (
        <Alert color="amber" title="You have unsaved changes to these details">
          <Text size="sm">
            Changes you typed on {draft.pending.savedAt.slice(0, 16).replace('T', ' ')} (UTC) were not saved,
            for example because you were signed out after a time without activity.
          </Text>
          <Group mt="sm" gap="sm">
            <Button size="sm" onClick={() => startEditing(draft.restore() ?? demographicsFrom(patient))}>
              Restore your unsaved changes
            </Button>
            <Button size="sm" variant="default" onClick={draft.clear}>
              Discard them
            </Button>
          </Group>
        </Alert>
      ) : null}
      <Text size="sm" role="status">
        {saved}
      </Text>
      {editing ? (
        <form ref={formRef} onSubmit={submit} noValidate>
          <Stack gap="sm">
            <ProblemAlert error={error} shownPaths={DEMOGRAPHICS_PATHS} title="Changes were not saved" />
            <DemographicsFields
              values={values}
              onChange={edit}
              errors={{ ...fieldErrorMap(error), ...localErrors }}
              headingOrder={3}
            />
            <Group mt="sm">
              <Button type="submit" loading={busy}>
                Save changes
              </Button>
              <Button
                variant="default"
                onClick={() => {
                  draft.clear();
                  setEditing(false);
                }}
              >
                Cancel
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <SimpleGrid component="dl" cols={{ base: 1, xs: 2, md: 3 }} spacing="md" verticalSpacing="sm" m={0}>
          <Field label="Given name" value={patient.givenName} />
          <Field label="Family name" value={patient.familyName} />
          <Field label="Date of birth" value={birthDateWithAge(patient.birthDate)} />
          <Field label="Sex" value={humanize(patient.sex)} />
          <Field label="Phone" value={patient.phone ? formatPhone(patient.phone) : null} />
          <Field label="Email" value={patient.email} />
          <Field label="Address" value={address} />
        </SimpleGrid>
      )}
    </Stack>
  );
}

interface Props {
  patientId: string;
  /** Staff may edit; the patient's own view is read-only. */
  editable: boolean;
  /** A fixed page heading (the patient's own view); staff see the patient's name. */
  heading?: string;
  /** Shown right under the heading, before the record (the patient's visits and held offers). */
  intro?: ReactNode;
  /** Told when the record turns out to be merged into another one (a tombstone). */
  onMergedRecord?: () => void;
}

/** One patient's record, held in React state only. */
export function PatientRecord({ patientId, editable, heading, intro, onMergedRecord }: Props) {
  const { me, isStaff, role } = useSession();
  const [mergeMessage, setMergeMessage] = useState('');
  const {
    data: patient,
    error,
    loading,
    reload,
    setData,
  } = useApiGet<Patient>(`/api/v1/patients/${encodeURIComponent(patientId)}`);

  const save = useCallback(
    async (body: PatientPatch) => {
      setData(await api.patch<Patient>(`/api/v1/patients/${encodeURIComponent(patientId)}`, body));
    },
    [patientId, setData],
  );

  const isTombstone = error?.status === 410;
  useEffect(() => {
    if (isTombstone) onMergedRecord?.();
  }, [isTombstone, onMergedRecord]);

  // When emergency access runs out, load again: the server then refuses and the record leaves the screen.
  const emergencyUntil = patient?.emergencyAccess?.expiresAt;
  useEffect(() => {
    if (!emergencyUntil) return;
    const ms = Date.parse(emergencyUntil) - Date.now();
    if (Number.isNaN(ms)) return;
    const timer = window.setTimeout(reload, Math.max(0, ms) + 1000);
    return () => window.clearTimeout(timer);
  }, [emergencyUntil, reload]);

  if (error) {
    const mergedInto = (error.problem as { mergedIntoId?: string }).mergedIntoId;
    if (error.status === 410 && mergedInto) {
      return (
        <Stack gap="lg">
          <Title order={1}>{heading ?? 'Patient record'}</Title>
          <Alert color="blue" title="This record was merged">
            <Text size="sm">{error.problem.detail}</Text>
            <Anchor component={Link} to={`/app/patients/${encodeURIComponent(mergedInto)}`} mt="xs">
              Open the record it was merged into
            </Anchor>
          </Alert>
        </Stack>
      );
    }
    if (error.status === 404) {
      return (
        <Stack gap="lg">
          <Title order={1}>{heading ?? 'Patient record'}</Title>
          {isStaff && me.user.breakGlass ? (
            <EmergencyAccessRequest patientId={patientId} onGranted={reload} />
          ) : (
            <Text>This record was not found. It may not exist, or it may not be available to you.</Text>
          )}
        </Stack>
      );
    }
    return (
      <Stack gap="lg">
        <Title order={1}>{heading ?? 'Patient record'}</Title>
        <ProblemAlert error={error} title="Could not load the record" />
        <div>
          <Button variant="default" onClick={reload}>
            Try again
          </Button>
        </div>
      </Stack>
    );
  }

  if (!patient) {
    return (
      <Stack gap="lg">
        <Title order={1}>{heading ?? 'Patient record'}</Title>
        {loading ? <Loading label="Loading the record…" /> : null}
      </Stack>
    );
  }

  const name = patient.name || `${patient.givenName} ${patient.familyName}`;
  return (
    <Stack gap="xl">
      {patient.emergencyAccess ? <EmergencyBanner expiresAt={patient.emergencyAccess.expiresAt} /> : null}
      <Stack gap={6}>
        <Title order={1}>{heading ?? name}</Title>
        <Text>
          {heading ? `${name} · ` : ''}
          Born {birthDateWithAge(patient.birthDate)} · {humanize(patient.sex)}
        </Text>
        <FlagBadges flags={patient.flags ?? []} />
        {editable && (role === 'admin' || role === 'clinician') ? (
          <Group gap="sm" mt={4}>
            <MergeDuplicate
              patientId={patient.id}
              patientName={name}
              onMerged={(message) => {
                setMergeMessage(message);
                reload();
              }}
            />
          </Group>
        ) : null}
        <Text size="sm" role="status">
          {mergeMessage}
        </Text>
      </Stack>
      {intro}
      <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
        <DemographicsSection
          key={patient.id}
          patient={patient}
          editable={editable}
          save={save}
          userId={me.user.id}
        />
      </Paper>
      <PortalAccessPanel key={`${patient.id}:${patient.email ?? ''}`} patientId={patient.id} />
      <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
        <ConditionsSection conditions={patient.conditions ?? []} editable={editable} save={save} />
      </Paper>
      <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
        <FlagsSection flags={patient.flags ?? []} editable={editable} save={save} />
      </Paper>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="xl">
        <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
          <MedicationsSection
            patientId={patient.id}
            medications={patient.medications ?? []}
            status={patient.medicationStatus}
            canEdit={editable}
            ownRecord={me.user.role === 'patient'}
            onChange={(section) => setData({ ...patient, ...section })}
          />
        </Paper>
        <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
          <AllergiesSection
            patientId={patient.id}
            allergies={patient.allergies ?? []}
            status={patient.allergyStatus}
            // Allergies, "no known allergies" above all, are recorded by clinicians and admins.
            canEdit={editable && me.user.role !== 'frontdesk'}
            ownRecord={me.user.role === 'patient'}
            onChange={(section) => setData({ ...patient, ...section })}
          />
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}
