import { Badge, NativeSelect, Text, TextInput } from '@mantine/core';
import type { Allergy, AllergySection, ListStatus } from '../../../contracts/patients.ts';
import type { AllergySeverity, AllergyStatus } from '../../../domain/patients/vocabulary.ts';
import { humanize } from '../../lib/format';
import { AnsweredListEditor, type FieldsProps, type ListKind } from './AnsweredListEditor';
import { orNull, RxcuiInput, rxcuiError } from './listStatus';

const SEVERITIES: AllergySeverity[] = ['mild', 'moderate', 'severe'];

interface Values {
  substance: string;
  code: string;
  reaction: string;
  severity: AllergySeverity;
}

function severityColor(s: string | null): string {
  return s === 'severe' ? 'red' : s === 'moderate' ? 'amber' : 'gray';
}

function AllergyFields({ values, setValues, fieldError }: FieldsProps<Values>) {
  return (
    <>
      <TextInput
        label="Substance"
        required
        autoComplete="off"
        value={values.substance}
        onChange={(e) => setValues({ ...values, substance: e.currentTarget.value })}
        error={fieldError('substance')}
      />
      <RxcuiInput
        description="Optional, for a drug: digits only"
        value={values.code}
        onChange={(code) => setValues({ ...values, code })}
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
    </>
  );
}

const ALLERGIES: ListKind<Allergy, Values, AllergySection> = {
  path: 'allergies',
  statusPath: 'allergy-status',
  noneStatus: 'none-known',
  itemsOf: (section) => section.allergies,
  fields: ['substance', 'code', 'reaction', 'severity'],
  empty: { substance: '', code: '', reaction: '', severity: 'moderate' },
  valuesOf: (a) => ({
    substance: a.substance,
    code: a.code ?? '',
    reaction: a.reaction ?? '',
    severity: a.severity ?? 'moderate',
  }),
  validate: (v) => {
    const errors: Record<string, string> = {};
    if (!v.substance.trim()) errors.substance = 'Enter the substance, for example Penicillin or Latex.';
    const code = rxcuiError(v.code);
    if (code) errors.code = code;
    return errors;
  },
  bodyOf: (v) => ({
    substance: v.substance.trim(),
    code: orNull(v.code),
    reaction: orNull(v.reaction),
    severity: v.severity,
  }),
  nameOf: (a) => a.substance,
  nameOfValues: (v) => v.substance.trim(),
  details: (a) => (
    <>
      {a.severity ? (
        <Badge variant="light" color={severityColor(a.severity)} tt="none">
          {humanize(a.severity)}
        </Badge>
      ) : null}
      {a.reaction ? <Text size="sm">Reaction: {a.reaction}</Text> : null}
    </>
  ),
  Fields: AllergyFields,
  words: {
    title: 'Allergies',
    noun: 'allergy',
    aNoun: 'an allergy',
    recordNone: 'Record no known allergies',
    recordedNone: 'Recorded: no known allergies.',
    noneBadge: 'No known allergies',
    noneReplaced: ' “No known allergies” no longer applies.',
    nowEmpty: ' Allergies are now “not asked” until an answer is recorded.',
    unknownTitle: 'Allergies not asked',
    unknownOwn:
      'Your clinic has not recorded your allergies yet. Tell your clinician about any allergies at your next visit.',
    unknownEditor:
      'No answer is recorded. Ask the patient about allergies (medicines, latex, tapes, lotions), then add them or record “no known allergies”.',
    unknownReader: 'No answer is recorded yet; a clinician asks and records allergies.',
    removeMessage: (name, last) =>
      `Remove the allergy “${name}” from this record?${last ? ' With no allergy left the list becomes “not asked”; record “no known allergies” if that is the answer.' : ''}`,
  },
};

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
export function AllergiesSection({ allergies, ...props }: Props) {
  return <AnsweredListEditor kind={ALLERGIES} items={allergies} {...props} />;
}
