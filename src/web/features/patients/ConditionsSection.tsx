import {
  Badge,
  Button,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useRef, useState, type FormEvent } from 'react';
import { toApiError, type ApiError } from '../../api/client';
import type { ClinicalStatus } from '../../../domain/patients/vocabulary.ts';
import type {
  Condition,
  ConditionInput,
  PatientPatchInput as PatientPatch,
} from '../../../contracts/patients.ts';
import { CLINICAL_STATUSES } from '../../../domain/patients/vocabulary.ts';
import { ICD10_CM_SYSTEM as ICD10CM_SYSTEM } from '../../../domain/omt/icd10.ts';
import { fieldErrorMap } from '../../components/fieldErrors';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { useFocusWhen } from '../../components/useFocusWhen';
import { useSession } from '../../auth/session';
import { humanize } from '../../lib/format';
import { Icd10Picker, type Icd10Code } from './Icd10Picker';

/** A condition as the API takes it back (arrays replace the whole list, so ids are not sent). */
export function conditionInput(c: Omit<Condition, 'id'>): ConditionInput {
  const input: ConditionInput = {
    system: c.system || ICD10CM_SYSTEM,
    code: c.code,
    display: c.display,
    clinicalStatus: c.clinicalStatus,
  };
  if (c.onsetDate) input.onsetDate = c.onsetDate;
  return input;
}

function statusColor(status: ClinicalStatus): string {
  if (status === 'active' || status === 'recurrence' || status === 'relapse') return 'sage';
  return 'gray';
}

interface Props {
  conditions: Condition[];
  editable: boolean;
  save: (body: PatientPatch) => Promise<void>;
}

export function ConditionsSection({ conditions, editable: recordEditable, save }: Props) {
  // Conditions are diagnoses: the front desk sees them but does not record them (the server agrees).
  const { role } = useSession();
  const editable = recordEditable && role !== 'frontdesk';
  const [adding, setAdding] = useState(false);
  const [picked, setPicked] = useState<Icd10Code | null>(null);
  const [status, setStatus] = useState<ClinicalStatus>('active');
  const [onset, setOnset] = useState('');
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState('');
  const formRef = useRef<HTMLFormElement>(null);
  const addButtonRef = useRef<HTMLButtonElement>(null);
  useFocusWhen(adding, formRef, addButtonRef);

  const reset = () => {
    setPicked(null);
    setStatus('active');
    setOnset('');
    setLocalErrors({});
    setError(undefined);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!picked) errors.code = 'Search by code or words and pick a code from the list.';
    else if (conditions.some((c) => c.code === picked.code))
      errors.code = `${picked.code} is already in this patient’s conditions.`;
    if (onset && onset > new Date().toISOString().slice(0, 10))
      errors.onsetDate = 'Onset cannot be in the future.';
    setLocalErrors(errors);
    if (!picked || Object.keys(errors).length > 0) return;
    setBusy(true);
    setError(undefined);
    try {
      const added = conditionInput({
        system: ICD10CM_SYSTEM,
        code: picked.code,
        display: picked.display,
        clinicalStatus: status,
        onsetDate: onset || null,
      });
      await save({ conditions: [...conditions.map(conditionInput), added] });
      setSaved(`Added ${picked.code} ${picked.display}.`);
      reset();
      setAdding(false);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  // Field errors for the new item come back under its index in the list.
  const server = fieldErrorMap(error);
  const prefix = `conditions/${conditions.length}/`;
  const fieldError = (name: string) => localErrors[name] ?? server[`${prefix}${name}`];
  const shownPaths = ['code', 'display', 'clinicalStatus', 'onsetDate', 'system'].map((n) => `${prefix}${n}`);

  return (
    <Stack gap="sm" component="section" aria-labelledby="conditions-title">
      <Group justify="space-between" align="center">
        <Title order={2} size="h3" id="conditions-title">
          Conditions
        </Title>
        {editable && !adding ? (
          <Button
            ref={addButtonRef}
            variant="light"
            size="sm"
            onClick={() => {
              setSaved('');
              setAdding(true);
            }}
          >
            Add condition
          </Button>
        ) : null}
      </Group>
      {recordEditable && !editable ? (
        <Text size="sm" c="dimmed">
          Conditions are diagnoses: a clinician records and changes them.
        </Text>
      ) : null}
      <Text size="sm" role="status">
        {saved}
      </Text>
      {conditions.length === 0 ? (
        <Text size="sm">No conditions recorded.</Text>
      ) : (
        <ScrollTable label="Conditions" minWidth={560}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Code</Table.Th>
              <Table.Th scope="col">Condition</Table.Th>
              <Table.Th scope="col">Clinical status</Table.Th>
              <Table.Th scope="col">Onset</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {conditions.map((c, i) => (
              <Table.Tr key={c.id ?? `${c.code}-${i}`}>
                <Table.Td className="nowrap">
                  <code>{c.code}</code>
                </Table.Td>
                <Table.Td>{c.display}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={statusColor(c.clinicalStatus)} tt="none">
                    {humanize(c.clinicalStatus)}
                  </Badge>
                </Table.Td>
                <Table.Td className="nowrap">{c.onsetDate ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </ScrollTable>
      )}

      {editable && adding ? (
        <form ref={formRef} onSubmit={submit} noValidate aria-labelledby="add-condition-title">
          <Stack gap="sm" p="md" bg="gray.0" style={{ borderRadius: 'var(--mantine-radius-md)' }}>
            <Title order={3} size="h5" id="add-condition-title">
              Add a condition
            </Title>
            <ProblemAlert error={error} shownPaths={shownPaths} title="The condition was not saved" />
            <Icd10Picker value={picked} onChange={setPicked} error={fieldError('code')} />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NativeSelect
                label="Clinical status"
                value={status}
                onChange={(e) => setStatus(e.currentTarget.value as ClinicalStatus)}
                error={fieldError('clinicalStatus')}
                data={CLINICAL_STATUSES.map((s) => ({ value: s, label: humanize(s) }))}
              />
              <TextInput
                label="Onset date"
                type="date"
                max={new Date().toISOString().slice(0, 10)}
                value={onset}
                onChange={(e) => setOnset(e.currentTarget.value)}
                error={fieldError('onsetDate')}
              />
            </SimpleGrid>
            <Group>
              <Button type="submit" loading={busy}>
                Save condition
              </Button>
              <Button
                variant="default"
                onClick={() => {
                  reset();
                  setAdding(false);
                }}
              >
                Cancel
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </Stack>
  );
}
