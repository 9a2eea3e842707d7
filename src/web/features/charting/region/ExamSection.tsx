import { Stack, Title } from '@mantine/core';
import type { RegionId } from '../../../../domain/omt/regions.ts';
import { emptyExam, readSegmental, withExam } from '../chartState';
import type { ExamEntry } from '../../../../contracts/charting.ts';
import type { PanelProps } from './panelProps';
import { StringList } from './StringList';
import { TartEntry } from './TartEntry';
import { TenderPoints } from './TenderPoints';

/** Spinal regions whose segmental diagnoses the notation parser reads (C1–L5). */
const NOTATION_REGIONS: readonly RegionId[] = ['cervical', 'thoracic', 'lumbar'];

/**
 * The structural exam of the region: TART, segmental diagnoses in standard notation (read as they
 * are typed), other diagnoses in words, and counterstrain tender points.
 */
export function ExamSection({ region, state, update, errorOf }: PanelProps) {
  const exam: ExamEntry = state.exam.find((e) => e.region === region) ?? emptyExam(region);
  const setExam = (fn: (e: ExamEntry) => ExamEntry) => update((s) => withExam(s, region, fn));
  const key = `exam:${region}`;
  return (
    <Stack gap="sm" component="section" aria-labelledby="exam-title">
      <Title order={3} size="h4" id="exam-title">
        Structural exam
      </Title>
      <TartEntry
        fieldKey={key}
        tart={exam.tart}
        onChange={(fn) => setExam((e) => ({ ...e, tart: fn(e.tart) }))}
        errorOf={errorOf}
      />
      {NOTATION_REGIONS.includes(region) ? (
        <StringList
          title="Segmental diagnoses"
          description="Standard notation, e.g. T4 ERS(L), L2 FRS(R), T5-T9 NSLRR. Read as you type."
          addLabel="Add segmental diagnosis"
          itemLabel={(i) => `Segmental diagnosis ${i + 1}`}
          keyOf={(i) => `${key}/segmental/${i}`}
          items={exam.segmental}
          onChange={(segmental) => setExam((e) => ({ ...e, segmental }))}
          errorOf={errorOf}
          placeholder="e.g. L4 FRS(R)"
          reading={(value) => {
            if (!value.trim()) return null;
            const r = readSegmental(value, region);
            if (!r.ok) return { kind: 'error', text: r.errors.join(' ') };
            return { kind: r.warnings.length ? 'warning' : 'ok', text: r.description, warnings: r.warnings };
          }}
        />
      ) : null}
      <StringList
        title={NOTATION_REGIONS.includes(region) ? 'Other diagnoses' : 'Diagnoses'}
        description={
          region === 'sacral' || region === 'pelvic'
            ? 'In words, e.g. left-on-left forward sacral torsion, right posterior innominate.'
            : 'Somatic dysfunction described in words.'
        }
        addLabel="Add diagnosis"
        itemLabel={(i) => `Diagnosis ${i + 1}`}
        keyOf={(i) => `${key}/otherDiagnoses/${i}`}
        items={exam.otherDiagnoses}
        onChange={(otherDiagnoses) => setExam((e) => ({ ...e, otherDiagnoses }))}
        errorOf={errorOf}
      />
      <TenderPoints
        region={region}
        points={exam.tenderPoints}
        onChange={(tenderPoints) => setExam((e) => ({ ...e, tenderPoints }))}
        errorOf={errorOf}
      />
    </Stack>
  );
}
