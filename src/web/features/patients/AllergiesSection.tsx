import {
  Alert,
  Badge,
  Button,
  Group,
  List,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useRef, useState, type FormEvent } from 'react';
import { api, request, toApiError, type ApiError } from '../../api/client';
import type { Allergy, AllergySection, ListStatus } from '../../../contracts/patients.ts';
import type { AllergySeverity, AllergyStatus } from '../../../domain/patients/vocabulary.ts';
import { ConfirmButton } from '../../components/ConfirmButton';
import { fieldErrorMap } from '../../components/fieldErrors';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useFocusWhen } from '../../components/useFocusWhen';
import { humanize } from '../../lib/format';
import { orNull, RecordedBy, RXCUI_PATTERN } from './listStatus';

const SEVERITIES: AllergySeverity[] = ['mild', 'moderate', 'severe'];
const FIELDS = ['substance', 'code', 'reaction', 'severity'] as const;

interface Values {
  substance: string;
  code: string;
  reaction: string;
  severity: AllergySeverity;
}

const empty: Values = { substance: '', code: '', reaction: '', severity: 'moderate' };

function valuesOf(a: Allergy): Values {
  return {
    substance: a.substance,
    code: a.code ?? '',
    reaction: a.reaction ?? '',
    severity: a.severity ?? 'moderate',
  };
}

function validate(v: Values): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!v.substance.trim()) errors.substance = 'Enter the substance, for example Penicillin or Latex.';
  if (v.code.trim() && !RXCUI_PATTERN.test(v.code.trim()))
    errors.code = 'An RxNorm code (RXCUI) is digits only; leave it empty if you do not have one.';
  return errors;
}

function severityColor(s: string | null): string {
  return s === 'severe' ? 'red' : s === 'moderate' ? 'amber' : 'gray';
}

interface Props {
  patientId: string;
  allergies: Allergy[];
  status: ListStatus<AllergyStatus> | undefined;
  /** Clinicians and admins; the front desk and the patient see the list read-only. */
  canEdit: boolean;
  /** The patient's own view: wording addresses the patient. */
  ownRecord?: boolean;
  onChange: (section: AllergySection) => void;
}

/** The allergy list (FHIR AllergyIntolerance) with its answer: not asked, no known allergies, or the list. */
export function AllergiesSection({ patientId, allergies, status, canEdit, ownRecord, onChange }: Props) {
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
  const current: AllergyStatus = status?.status ?? (allergies.length ? 'recorded' : 'unknown');

  const open = (a: Allergy | null) => {
    setValues(a ? valuesOf(a) : empty);
    setLocalErrors({});
    setError(undefined);
    setSaved('');
    setForm({ editing: a?.id ?? null });
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
      substance: values.substance.trim(),
      code: orNull(values.code),
      reaction: orNull(values.reaction),
      severity: values.severity,
    };
    setBusy(true);
    setError(undefined);
    try {
      if (form.editing) {
        onChange(await api.patch<AllergySection>(`${base}/allergies/${form.editing}`, body));
        setSaved(`Changed allergy: ${body.substance}.`);
      } else {
        const res = await api.post<AllergySection & { replacedStatus?: string }>(`${base}/allergies`, body);
        onChange(res);
        setSaved(
          `Added allergy: ${body.substance}.` +
            (res.replacedStatus === 'none-known' ? ' “No known allergies” no longer applies.' : ''),
        );
      }
      setForm(null);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (a: Allergy) => {
    setError(undefined);
    setSaved('');
    try {
      const res = await api.del<AllergySection>(`${base}/allergies/${a.id}`);
      onChange(res);
      setSaved(
        `Removed allergy: ${a.substance}.` +
          (res.allergies.length === 0 ? ' Allergies are now “not asked” until an answer is recorded.' : ''),
      );
    } catch (e) {
      setError(toApiError(e));
    }
  };

  const recordNka = async () => {
    setError(undefined);
    setSaved('');
    try {
      onChange(await request<AllergySection>('PUT', `${base}/allergy-status`, { status: 'none-known' }));
      setSaved('Recorded: no known allergies.');
    } catch (e) {
      setError(toApiError(e));
    }
  };

  const server = fieldErrorMap(error);
  const fieldError = (name: string) => localErrors[name] ?? server[name];

  return (
    <Stack gap="sm" component="section" aria-labelledby="allergies-title">
      <Group justify="space-between" align="center">
        <Title order={2} size="h3" id="allergies-title">
          Allergies
        </Title>
        {canEdit && !form ? (
          <Group gap="xs">
            {allergies.length === 0 && current !== 'none-known' ? (
              <Button variant="default" size="sm" onClick={recordNka}>
                Record no known allergies
              </Button>
            ) : null}
            <Button ref={addButtonRef} variant="light" size="sm" onClick={() => open(null)}>
              Add allergy
            </Button>
          </Group>
        ) : null}
      </Group>
      <Text size="sm" role="status">
        {saved}
      </Text>
      {!form ? <ProblemAlert error={error} title="The allergies were not saved" /> : null}

      {current === 'unknown' ? (
        <Alert color="amber" title="Allergies not asked" p="sm" role="note">
          <Text size="sm">
            {ownRecord
              ? 'Your clinic has not recorded your allergies yet. Tell your clinician about any allergies at your next visit.'
              : canEdit
                ? 'No answer is recorded. Ask the patient about allergies (medicines, latex, tapes, lotions), then add them or record “no known allergies”.'
                : 'No answer is recorded yet; a clinician asks and records allergies.'}
          </Text>
        </Alert>
      ) : null}
      {current === 'none-known' ? (
        <Stack gap={2}>
          <Group gap="xs">
            <Badge color="sage" variant="light" tt="none" size="lg">
              No known allergies
            </Badge>
          </Group>
          <RecordedBy status={status} what="Recorded" />
        </Stack>
      ) : null}

      {allergies.length > 0 ? (
        <>
          <List listStyleType="none" spacing="xs" aria-label="Allergies">
            {allergies.map((a, i) => (
              <List.Item key={a.id ?? `${a.substance}-${i}`}>
                <Group gap="xs" wrap="wrap" align="center">
                  <Text fw={600}>{a.substance}</Text>
                  {a.severity ? (
                    <Badge variant="light" color={severityColor(a.severity)} tt="none">
                      {humanize(a.severity)}
                    </Badge>
                  ) : null}
                  {a.reaction ? <Text size="sm">Reaction: {a.reaction}</Text> : null}
                  {a.code ? (
                    <Text size="xs" c="dimmed">
                      RxNorm {a.code}
                    </Text>
                  ) : null}
                  {canEdit && a.id && !form ? (
                    <Group gap={4}>
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        aria-label={`Edit allergy ${a.substance}`}
                        onClick={() => open(a)}
                      >
                        Edit
                      </Button>
                      <ConfirmButton
                        size="compact-sm"
                        variant="subtle"
                        color="red"
                        aria-label={`Remove allergy ${a.substance}`}
                        confirmLabel="Remove allergy"
                        message={`Remove the allergy “${a.substance}” from this record?${allergies.length === 1 ? ' With no allergy left the list becomes “not asked”; record “no known allergies” if that is the answer.' : ''}`}
                        onConfirm={() => remove(a)}
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
        <form ref={formRef} onSubmit={submit} noValidate aria-labelledby="allergy-form-title">
          <Stack gap="sm" p="md" bg="gray.0" style={{ borderRadius: 'var(--mantine-radius-md)' }}>
            <Title order={3} size="h5" id="allergy-form-title">
              {form.editing ? 'Change an allergy' : 'Add an allergy'}
            </Title>
            <ProblemAlert
              error={error}
              shownPaths={FIELDS}
              title={form.editing ? 'The change was not saved' : 'The allergy was not saved'}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label="Substance"
                required
                autoComplete="off"
                value={values.substance}
                onChange={(e) => setValues({ ...values, substance: e.currentTarget.value })}
                error={fieldError('substance')}
              />
              <TextInput
                label="RxNorm code (RXCUI)"
                description="Optional, for a drug: digits only"
                autoComplete="off"
                inputMode="numeric"
                spellCheck={false}
                value={values.code}
                onChange={(e) => setValues({ ...values, code: e.currentTarget.value.trim() })}
                error={fieldError('code')}
              />
              <TextInput
                label="Reaction"
                description="Optional, for example Hives"
                autoComplete="off"
                value={values.reaction}
                onChange={(e) => setValues({ ...values, reaction: e.currentTarget.value })}
                error={fieldError('reaction')}
              />
              <NativeSelect
                label="Severity"
                value={values.severity}
                onChange={(e) => setValues({ ...values, severity: e.currentTarget.value as AllergySeverity })}
                error={fieldError('severity')}
                data={SEVERITIES.map((s) => ({ value: s, label: humanize(s) }))}
              />
            </SimpleGrid>
            <Group>
              <Button type="submit" loading={busy}>
                {form.editing ? 'Save changes' : 'Save allergy'}
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
