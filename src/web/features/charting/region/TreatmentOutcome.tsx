import { TextInput } from '@mantine/core';
import { humanizeValue } from '../format';
import type { TreatmentEntry } from '../../../../contracts/charting.ts';
import { Choice, fid } from '../ui';
import { TOLERANCES, TREATMENT_RESPONSES } from '../vocab';
import { NotGiven } from './NotGiven';
import { NA } from './panelProps';

/** How the region's treatment went: response, tolerance and adverse events. */
export function TreatmentOutcome({
  fieldKey: key,
  treatment,
  setTreatment,
  errorOf,
}: {
  /** The treatment's field key (`treatment:lumbar`). */
  fieldKey: string;
  treatment: TreatmentEntry;
  setTreatment: (fn: (t: TreatmentEntry) => TreatmentEntry) => void;
  errorOf: (key: string) => string | null;
}) {
  return (
    <>
      <Choice
        id={fid(`${key}/response`)}
        label="Response"
        size="xs"
        value={treatment.response ?? NA}
        onChange={(v) => setTreatment((t) => ({ ...t, response: v === NA ? null : v }))}
        error={errorOf(`${key}/response`)}
        data={[
          { value: NA, label: <NotGiven text="Not recorded" /> },
          ...TREATMENT_RESPONSES.map((v) => ({ value: v, label: humanizeValue(v) })),
        ]}
      />
      <Choice
        id={fid(`${key}/tolerance`)}
        label="Tolerance"
        size="xs"
        value={treatment.tolerance ?? NA}
        onChange={(v) => setTreatment((t) => ({ ...t, tolerance: v === NA ? null : v }))}
        error={errorOf(`${key}/tolerance`)}
        data={[
          { value: NA, label: <NotGiven text="Not recorded" /> },
          ...TOLERANCES.map((v) => ({ value: v, label: humanizeValue(v) })),
        ]}
      />
      <TextInput
        id={fid(`${key}/adverseEvents`)}
        label="Adverse events"
        placeholder="None"
        value={treatment.adverseEvents ?? ''}
        onChange={(e) => {
          const adverseEvents = e.currentTarget.value;
          setTreatment((t) => ({ ...t, adverseEvents }));
        }}
        error={errorOf(`${key}/adverseEvents`)}
      />
    </>
  );
}
