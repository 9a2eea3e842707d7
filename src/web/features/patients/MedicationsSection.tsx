import { Alert, Badge, Button, Group, List, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useRef, useState, type FormEvent } from 'react';
import { api, request, toApiError, type ApiError } from '../../api/client';
import type { ListStatus, Medication, MedicationSection } from '../../../contracts/patients.ts';
import type { MedicationStatus } from '../../../domain/patients/vocabulary.ts';
import { ConfirmButton } from '../../components/ConfirmButton';
import { fieldErrorMap } from '../../components/fieldErrors';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useFocusWhen } from '../../components/useFocusWhen';
import { orNull, RecordedBy, RXCUI_PATTERN } from './listStatus';

const FIELDS = ['name', 'code', 'dose', 'frequency'] as const;

interface Values {
  name: string;
  code: string;
  dose: string;
  frequency: string;
}

const empty: Values = { name: '', code: '', dose: '', frequency: '' };

function valuesOf(m: Medication): Values {
  return { name: m.name, code: m.code ?? '', dose: m.dose ?? '', frequency: m.frequency ?? '' };
}

function validate(v: Values): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!v.name.trim()) errors.name = 'Enter the medication, for example Warfarin 5 mg tablet.';
  if (v.code.trim() && !RXCUI_PATTERN.test(v.code.trim()))
    errors.code = 'An RxNorm code (RXCUI) is digits only; leave it empty if you do not have one.';
  return errors;
}

interface Props {
  patientId: string;
  medications: Medication[];
  status: ListStatus<MedicationStatus> | undefined;
  /** Staff (the front desk takes the list at intake); the patient sees their own read-only. */
  canEdit: boolean;
  /** The patient's own view: wording addresses the patient. */
  ownRecord?: boolean;
  onChange: (section: MedicationSection) => void;
}

/** The medication list (FHIR MedicationStatement) with its answer: not recorded, none, or the list. */
export function MedicationsSection({ patientId, medications, status, canEdit, ownRecord, onChange }: Props) {
  const [form, setForm] = useState<{ editing: string | null } | null>(null);
  const [values, setValues] = useState<Values>(empty);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState('');
  const formRef = useRef<HTMLFormElement>(null);
  const addButtonRef = useRef<HTMLButtonElement>(null);
  useFocusWhen(!!form, formRef, addButtonRef);

  const base = `/api/v1/patients/${encodeURIComponent(patientId)}`;
  const current: MedicationStatus = status?.status ?? (medications.length ? 'recorded' : 'unknown');

  const open = (m: Medication | null) => {
    setValues(m ? valuesOf(m) : empty);
    setLocalErrors({});
    setError(undefined);
    setSaved('');
    setForm({ editing: m?.id ?? null });
  };
  const close = () => {
    setForm(null);
    setLocalErrors({});
    setError(undefined);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!form) return;
    const errors = validate(values);
    setLocalErrors(errors);
    if (Object.keys(errors).length > 0) return;
    const body = {
      name: values.name.trim(),
      code: orNull(values.code),
      dose: orNull(values.dose),
      frequency: orNull(values.frequency),
    };
    setBusy(true);
    setError(undefined);
    try {
      if (form.editing) {
        onChange(await api.patch<MedicationSection>(`${base}/medications/${form.editing}`, body));
        setSaved(`Changed medication: ${body.name}.`);
      } else {
        const res = await api.post<MedicationSection & { replacedStatus?: string }>(
          `${base}/medications`,
          body,
        );
        onChange(res);
        setSaved(
          `Added medication: ${body.name}.` +
            (res.replacedStatus === 'none' ? ' “Takes no medications” no longer applies.' : ''),
        );
      }
      setForm(null);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (m: Medication) => {
    setError(undefined);
    setSaved('');
    try {
      const res = await api.del<MedicationSection>(`${base}/medications/${m.id}`);
      onChange(res);
      setSaved(
        `Removed medication: ${m.name}.` +
          (res.medications.length === 0
            ? ' Medications are now “not recorded” until an answer is recorded.'
            : ''),
      );
    } catch (e) {
      setError(toApiError(e));
    }
  };

  const recordNone = async () => {
    setError(undefined);
    setSaved('');
    try {
      onChange(await request<MedicationSection>('PUT', `${base}/medication-status`, { status: 'none' }));
      setSaved('Recorded: takes no medications.');
    } catch (e) {
      setError(toApiError(e));
    }
  };

  const server = fieldErrorMap(error);
  const fieldError = (name: string) => localErrors[name] ?? server[name];

  return (
    <Stack gap="sm" component="section" aria-labelledby="medications-title">
      <Group justify="space-between" align="center">
        <Title order={2} size="h3" id="medications-title">
          Medications
        </Title>
        {canEdit && !form ? (
          <Group gap="xs">
            {medications.length === 0 && current !== 'none' ? (
              <Button variant="default" size="sm" onClick={recordNone}>
                Record no medications
              </Button>
            ) : null}
            <Button ref={addButtonRef} variant="light" size="sm" onClick={() => open(null)}>
              Add medication
            </Button>
          </Group>
        ) : null}
      </Group>
      <Text size="sm" role="status">
        {saved}
      </Text>
      {!form ? <ProblemAlert error={error} title="The medications were not saved" /> : null}

      {current === 'unknown' ? (
        <Alert color="amber" title="Medications not recorded" p="sm" role="note">
          <Text size="sm">
            {ownRecord
              ? 'Your clinic has not recorded your medications yet. Bring a list of what you take to your next visit.'
              : canEdit
                ? 'No answer is recorded. Ask what the patient takes (including blood thinners), then add each one or record that they take none.'
                : 'No answer is recorded yet.'}
          </Text>
        </Alert>
      ) : null}
      {current === 'none' ? (
        <Stack gap={2}>
          <Group gap="xs">
            <Badge color="sage" variant="light" tt="none" size="lg">
              Takes no medications
            </Badge>
          </Group>
          <RecordedBy status={status} what="Recorded" />
        </Stack>
      ) : null}

      {medications.length > 0 ? (
        <>
          <List listStyleType="none" spacing="xs" aria-label="Medications">
            {medications.map((m, i) => (
              <List.Item key={m.id ?? `${m.name}-${i}`}>
                <Group gap="xs" wrap="wrap" align="center">
                  <Text fw={600}>{m.name}</Text>
                  {m.dose || m.frequency ? (
                    <Text size="sm">{[m.dose, m.frequency].filter(Boolean).join(', ')}</Text>
                  ) : null}
                  {m.code ? (
                    <Text size="xs" c="dimmed">
                      RxNorm {m.code}
                    </Text>
                  ) : null}
                  {canEdit && m.id && !form ? (
                    <Group gap={4}>
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        aria-label={`Edit medication ${m.name}`}
                        onClick={() => open(m)}
                      >
                        Edit
                      </Button>
                      <ConfirmButton
                        size="compact-sm"
                        variant="subtle"
                        color="red"
                        aria-label={`Remove medication ${m.name}`}
                        confirmLabel="Remove medication"
                        message={`Remove “${m.name}” from this patient’s medications?${medications.length === 1 ? ' With none left the list becomes “not recorded”; record “no medications” if that is the answer.' : ''}`}
                        onConfirm={() => remove(m)}
                      >
                        Remove
                      </ConfirmButton>
                    </Group>
                  ) : null}
                </Group>
              </List.Item>
            ))}
          </List>
          <RecordedBy status={status} what="Last updated" />
        </>
      ) : null}

      {canEdit && form ? (
        <form ref={formRef} onSubmit={submit} noValidate aria-labelledby="medication-form-title">
          <Stack gap="sm" p="md" bg="gray.0" style={{ borderRadius: 'var(--mantine-radius-md)' }}>
            <Title order={3} size="h5" id="medication-form-title">
              {form.editing ? 'Change a medication' : 'Add a medication'}
            </Title>
            <ProblemAlert
              error={error}
              shownPaths={FIELDS}
              title={form.editing ? 'The change was not saved' : 'The medication was not saved'}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label="Medication"
                description="Name and strength, as the patient takes it"
                required
                autoComplete="off"
                value={values.name}
                onChange={(e) => setValues({ ...values, name: e.currentTarget.value })}
                error={fieldError('name')}
              />
              <TextInput
                label="RxNorm code (RXCUI)"
                description="Optional: digits only"
                autoComplete="off"
                inputMode="numeric"
                spellCheck={false}
                value={values.code}
                onChange={(e) => setValues({ ...values, code: e.currentTarget.value.trim() })}
                error={fieldError('code')}
              />
              <TextInput
                label="Dose"
                description="Optional, for example 5 mg"
                autoComplete="off"
                value={values.dose}
                onChange={(e) => setValues({ ...values, dose: e.currentTarget.value })}
                error={fieldError('dose')}
              />
              <TextInput
                label="Frequency"
                description="Optional, for example once daily"
                autoComplete="off"
                value={values.frequency}
                onChange={(e) => setValues({ ...values, frequency: e.currentTarget.value })}
                error={fieldError('frequency')}
              />
            </SimpleGrid>
            <Group>
              <Button type="submit" loading={busy}>
                {form.editing ? 'Save changes' : 'Save medication'}
              </Button>
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </Stack>
  );
}
