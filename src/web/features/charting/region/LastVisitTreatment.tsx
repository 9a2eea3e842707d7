import { Alert, Button, Text } from '@mantine/core';
import { repeatTechniques } from '../chartState';
import { humanizeValue, techniqueName } from '../format';
import type { TechniqueEntry, TreatmentView } from '../../../../contracts/charting.ts';

/** Before anything is charted: what the last visit did in this region, with a way to repeat it. */
export function LastVisitTreatment({
  visit,
  onRepeat,
}: {
  visit: { date: string; treatment: TreatmentView };
  onRepeat: (techniques: TechniqueEntry[]) => void;
}) {
  const { treatment } = visit;
  return (
    <Alert color="sage" variant="light" title="Last visit in this region" p="sm">
      <Text size="sm">
        {visit.date}: {treatment.techniques.map((x) => techniqueName(x.technique)).join(', ')}
        {treatment.response ? ` — ${humanizeValue(treatment.response).toLowerCase()}` : ''}
      </Text>
      <Button mt="xs" size="compact-sm" onClick={() => onRepeat(repeatTechniques(treatment))}>
        Repeat these techniques
      </Button>
    </Alert>
  );
}
