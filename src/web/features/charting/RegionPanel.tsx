import { Badge, Group, Stack, Text, Title } from '@mantine/core';
import { REGION_BY_ID } from '../../../domain/omt/regions.ts';
import { ExamSection } from './region/ExamSection';
import type { PanelProps } from './region/panelProps';
import { RomSection } from './region/RomSection';
import { TreatmentSection } from './region/TreatmentSection';
import { jointsOfRegion } from './vocab';

export type { PanelProps } from './region/panelProps';

/**
 * The charting panel of one body region: what it counts for, then its parts from `region/`: the
 * structural exam (TART, diagnoses, tender points), range of motion where the region has joints,
 * and the treatment with each technique's live safety verdict and the region's history.
 */
export function RegionPanel(props: PanelProps) {
  const { region, status } = props;
  const r = REGION_BY_ID[region];
  return (
    <Stack gap="lg" component="section" aria-labelledby="region-panel-title" className="chart-card">
      <Group justify="space-between" align="flex-start" gap="xs">
        <Stack gap={2}>
          <Title order={2} size="h3" id="region-panel-title">
            {r.label}
          </Title>
          <Text size="xs" c="dimmed">
            ICD-10-CM {r.icd10} · {status.counted ? 'counts toward the CPT level' : 'not counted for CPT yet'}
          </Text>
        </Stack>
        <Group gap={4}>
          {status.findings ? (
            <Badge variant="outline" color="amber" tt="none">
              Findings
            </Badge>
          ) : null}
          {status.treated ? (
            <Badge variant="filled" color="sage" tt="none" leftSection={<span aria-hidden="true">✓</span>}>
              Treated
            </Badge>
          ) : null}
        </Group>
      </Group>
      <ExamSection {...props} />
      {jointsOfRegion(region).length > 0 ? <RomSection {...props} /> : null}
      <TreatmentSection {...props} />
    </Stack>
  );
}
