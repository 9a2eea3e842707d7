import { Select, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import { TECHNIQUE_IDS, techniqueLabel, type TechniqueId } from '../../../../domain/omt/techniques.ts';
import { useApiGet } from '../../../api/useApi';
import { emptyTreatment, newTechnique, removeAt, replaceAt, withTreatment } from '../chartState';
import type { RegionHistory, TreatmentEntry } from '../../../../contracts/charting.ts';
import { fid, verdictLabel } from '../ui';
import { filterTechniqueOptions } from '../vocab';
import { LastVisitTreatment } from './LastVisitTreatment';
import type { PanelProps } from './panelProps';
import { RegionHistorySection } from './RegionHistorySection';
import { TechniqueCard } from './TechniqueCard';
import { TreatmentOutcome } from './TreatmentOutcome';

/**
 * The region's treatment: last visit's techniques to repeat, the techniques charted now (each with
 * its live safety verdict), the technique picker, the outcome, and the region across visits.
 */
export function TreatmentSection(props: PanelProps) {
  const { region, state, update, errorOf, pickerVerdicts, patientId, encounterId } = props;
  const treatment: TreatmentEntry =
    state.treatment.find((t) => t.region === region) ?? emptyTreatment(region);
  const setTreatment = (fn: (t: TreatmentEntry) => TreatmentEntry) =>
    update((s) => withTreatment(s, region, fn));
  const key = `treatment:${region}`;
  const history = useApiGet<RegionHistory>(
    `/api/v1/patients/${patientId}/region-history?region=${encodeURIComponent(region)}`,
  );
  const past = (history.data?.results ?? []).filter((h) => h.encounterId !== encounterId);
  const lastTreated = past.find((h) => h.treatment && h.treatment.techniques.length > 0);
  const [picked, setPicked] = useState<string | null>(null);

  const addTechnique = (id: TechniqueId) => {
    const index = treatment.techniques.length;
    setTreatment((t) => ({ ...t, techniques: [...t.techniques, newTechnique(id)] }));
    setPicked(null);
    window.requestAnimationFrame(() => document.getElementById(fid(`${key}/techniques/${index}`))?.focus());
  };

  const pickerData = TECHNIQUE_IDS.map((id) => {
    const v = pickerVerdicts.get(id)?.verdict ?? 'ok';
    const used = treatment.techniques.some((x) => x.technique === id);
    return {
      value: id,
      label: `${techniqueLabel(id)}${v !== 'ok' ? ` — ${verdictLabel(v).toLowerCase()}` : ''}${used ? ' (added)' : ''}`,
    };
  });

  return (
    <Stack gap="sm" component="section" aria-labelledby="treatment-title">
      <Title order={3} size="h4" id="treatment-title">
        Treatment
      </Title>
      {treatment.techniques.length === 0 && lastTreated?.treatment ? (
        <LastVisitTreatment
          visit={{ date: lastTreated.date, treatment: lastTreated.treatment }}
          onRepeat={(techniques) => setTreatment((t) => ({ ...t, techniques }))}
        />
      ) : null}
      {treatment.techniques.map((x, j) => (
        <TechniqueCard
          key={`${x.technique}-${j}`}
          {...props}
          index={j}
          entry={x}
          onChange={(next) => setTreatment((t) => ({ ...t, techniques: replaceAt(t.techniques, j, next) }))}
          onRemove={() => setTreatment((t) => ({ ...t, techniques: removeAt(t.techniques, j) }))}
        />
      ))}
      <Select
        label="Add technique"
        description="Marked with the live safety verdict for this patient and region."
        placeholder="Choose, or type a name or abbreviation (HVLA, MET, CS…)"
        searchable
        data={pickerData}
        filter={filterTechniqueOptions}
        value={picked}
        onChange={(v) => {
          if (v) addTechnique(v as TechniqueId);
        }}
        nothingFoundMessage="No technique matches"
        comboboxProps={{ withinPortal: true }}
        maw={420}
      />
      {treatment.techniques.length > 0 ? (
        <TreatmentOutcome
          fieldKey={key}
          treatment={treatment}
          setTreatment={setTreatment}
          errorOf={errorOf}
        />
      ) : null}
      <RegionHistorySection history={history} past={past} region={region} />
    </Stack>
  );
}
