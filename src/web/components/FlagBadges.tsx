import { Badge, Group } from '@mantine/core';
import type { PatientFlag } from '../../contracts/patients.ts';
import { flagLabel, regionLabel } from '../lib/format';

function flagColor(flag: string): string {
  if (flag === 'anticoagulated') return 'red';
  if (flag === 'pregnant') return 'grape';
  if (flag === 'no-consent') return 'amber';
  return 'blue';
}

export function flagText(f: PatientFlag): string {
  return f.region ? `${flagLabel(f.flag)} (${regionLabel(f.region)})` : flagLabel(f.flag);
}

export function FlagBadges({ flags }: { flags: PatientFlag[] }) {
  if (flags.length === 0) return null;
  return (
    <Group gap={4} wrap="wrap">
      {flags.map((f) => (
        <Badge key={`${f.flag}:${f.region ?? ''}`} color={flagColor(f.flag)} variant="light" tt="none">
          {flagText(f)}
        </Badge>
      ))}
    </Group>
  );
}
