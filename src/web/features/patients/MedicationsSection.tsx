import { Text, TextInput } from '@mantine/core';
import type { ListStatus, Medication, MedicationSection } from '../../../contracts/patients.ts';
import type { MedicationStatus } from '../../../domain/patients/vocabulary.ts';
import { AnsweredListEditor, type FieldsProps, type ListKind } from './AnsweredListEditor';
import { orNull, RxcuiInput, rxcuiError } from './listStatus';

interface Values {
  name: string;
  code: string;
  dose: string;
  frequency: string;
}

function MedicationFields({ values, setValues, fieldError }: FieldsProps<Values>) {
  return (
    <>
      <TextInput
        label="Medication"
        description="Name and strength, as the patient takes it"
        required
        autoComplete="off"
        value={values.name}
        onChange={(e) => setValues({ ...values, name: e.currentTarget.value })}
        error={fieldError('name')}
      />
      <RxcuiInput
        description="Optional: digits only"
        value={values.code}
        onChange={(code) => setValues({ ...values, code })}
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
    </>
  );
}

const MEDICATIONS: ListKind<Medication, Values, MedicationSection> = {
  path: 'medications',
  statusPath: 'medication-status',
  noneStatus: 'none',
  itemsOf: (section) => section.medications,
  fields: ['name', 'code', 'dose', 'frequency'],
  empty: { name: '', code: '', dose: '', frequency: '' },
  valuesOf: (m) => ({ name: m.name, code: m.code ?? '', dose: m.dose ?? '', frequency: m.frequency ?? '' }),
  validate: (v) => {
    const errors: Record<string, string> = {};
    if (!v.name.trim()) errors.name = 'Enter the medication, for example Warfarin 5 mg tablet.';
    const code = rxcuiError(v.code);
    if (code) errors.code = code;
    return errors;
  },
  bodyOf: (v) => ({
    name: v.name.trim(),
    code: orNull(v.code),
    dose: orNull(v.dose),
    frequency: orNull(v.frequency),
  }),
  nameOf: (m) => m.name,
  nameOfValues: (v) => v.name.trim(),
  details: (m) =>
    m.dose || m.frequency ? <Text size="sm">{[m.dose, m.frequency].filter(Boolean).join(', ')}</Text> : null,
  Fields: MedicationFields,
  words: {
    title: 'Medications',
    noun: 'medication',
    aNoun: 'a medication',
    recordNone: 'Record no medications',
    recordedNone: 'Recorded: takes no medications.',
    noneBadge: 'Takes no medications',
    noneReplaced: ' “Takes no medications” no longer applies.',
    nowEmpty: ' Medications are now “not recorded” until an answer is recorded.',
    unknownTitle: 'Medications not recorded',
    unknownOwn:
      'Your clinic has not recorded your medications yet. Bring a list of what you take to your next visit.',
    unknownEditor:
      'No answer is recorded. Ask what the patient takes (including blood thinners), then add each one or record that they take none.',
    unknownReader: 'No answer is recorded yet.',
    removeMessage: (name, last) =>
      `Remove “${name}” from this patient’s medications?${last ? ' With none left the list becomes “not recorded”; record “no medications” if that is the answer.' : ''}`,
  },
};

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
export function MedicationsSection({ medications, ...props }: Props) {
  return <AnsweredListEditor kind={MEDICATIONS} items={medications} {...props} />;
}
