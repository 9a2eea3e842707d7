import { Button, Stack, Text, Title } from '@mantine/core';
import { removeAt, replaceAt, type RomRow } from '../chartState';
import { fid } from '../ui';
import { jointsOfRegion, JOINT_LABELS, romNeedsSide } from '../vocab';
import type { PanelProps } from './panelProps';
import { RomMeasurement } from './RomMeasurement';
import { motionsOf } from './romMotions';

/** Range of motion of the region's joints: the measurements charted so far, and one more. */
export function RomSection({ region, state, update, errorOf }: PanelProps) {
  const joints = jointsOfRegion(region);
  const rows = state.rom
    .map((row, index) => ({ row, index }))
    .filter(({ row }) => joints.includes(row.joint));
  const setRow = (index: number, patch: Partial<RomRow>) =>
    update((s) => {
      const row = { ...s.rom[index]!, ...patch };
      if (!romNeedsSide(row.joint, row.motion)) row.side = null;
      if (!motionsOf(row.joint, row.normSet).includes(row.motion))
        row.motion = motionsOf(row.joint, row.normSet)[0] ?? row.motion;
      return { ...s, rom: replaceAt(s.rom, index, row) };
    });
  const add = () => {
    const joint = joints[0]!;
    const motion = motionsOf(joint, null)[0]!;
    const index = state.rom.length;
    update((s) => ({
      ...s,
      rom: [
        ...s.rom,
        {
          joint,
          motion,
          side: romNeedsSide(joint, motion) ? 'R' : null,
          phase: 'pre',
          degrees: null,
          normSet: null,
        },
      ],
    }));
    window.requestAnimationFrame(() => document.getElementById(fid(`rom:${index}/motion`))?.focus());
  };
  return (
    <Stack gap="sm" component="section" aria-labelledby="rom-title">
      <Title order={3} size="h4" id="rom-title">
        Range of motion
      </Title>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          No measurements for this region yet.
        </Text>
      ) : null}
      {rows.map(({ row, index }) => (
        <RomMeasurement
          key={index}
          row={row}
          index={index}
          errorOf={errorOf}
          onChange={(patch) => setRow(index, patch)}
          onRemove={() => update((s) => ({ ...s, rom: removeAt(s.rom, index) }))}
        />
      ))}
      <div>
        <Button variant="light" size="compact-sm" onClick={add}>
          Add {JOINT_LABELS[joints[0]!].toLowerCase()} measurement
        </Button>
      </div>
    </Stack>
  );
}
