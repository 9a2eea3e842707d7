import { CloseButton, Group, NativeSelect, NumberInput, Stack, Text } from '@mantine/core';
import { DEFAULT_NORM_SET, ROM_NORM_SETS, type Motion } from '../../../../domain/omt/rom.ts';
import { formatNorm, readRom, type RomRow } from '../chartState';
import { fid } from '../ui';
import { JOINT_LABELS, MOTION_LABELS, romNeedsSide } from '../vocab';
import { numOrNull } from './panelProps';
import { motionsOf } from './romMotions';

/**
 * One range-of-motion measurement: motion, side, before or after treatment, degrees, the norm set,
 * and the reading against the norm.
 */
export function RomMeasurement({
  row,
  index,
  errorOf,
  onChange,
  onRemove,
}: {
  row: RomRow;
  /** Its place in the chart's whole ROM list (its field key is `rom:<index>`). */
  index: number;
  errorOf: (key: string) => string | null;
  onChange: (patch: Partial<RomRow>) => void;
  onRemove: () => void;
}) {
  const reading = readRom(row);
  const k = `rom:${index}`;
  const needsSide = romNeedsSide(row.joint, row.motion);
  return (
    <Stack gap={6} className="chart-subcard" id={fid(k)} tabIndex={-1}>
      <Group gap="xs" align="flex-end" wrap="wrap">
        <NativeSelect
          id={fid(`${k}/motion`)}
          label={`${JOINT_LABELS[row.joint]} motion`}
          value={row.motion}
          onChange={(e) => onChange({ motion: e.currentTarget.value as Motion })}
          data={motionsOf(row.joint, row.normSet).map((m) => ({ value: m, label: MOTION_LABELS[m] }))}
          error={errorOf(`${k}/motion`)}
          style={{ flex: '1 1 150px' }}
        />
        {needsSide ? (
          <NativeSelect
            id={fid(`${k}/side`)}
            label="Side"
            value={row.side ?? ''}
            onChange={(e) => onChange({ side: (e.currentTarget.value || null) as RomRow['side'] })}
            data={[
              { value: '', label: '—' },
              { value: 'L', label: 'Left' },
              { value: 'R', label: 'Right' },
            ]}
            error={errorOf(`${k}/side`)}
            w={90}
          />
        ) : null}
        <NativeSelect
          label="When"
          value={row.phase}
          onChange={(e) => onChange({ phase: e.currentTarget.value as RomRow['phase'] })}
          data={[
            { value: 'pre', label: 'Before OMT' },
            { value: 'post', label: 'After OMT' },
          ]}
          w={136}
        />
        <NumberInput
          id={fid(`${k}/degrees`)}
          label="Degrees"
          min={0}
          max={360}
          value={row.degrees ?? ''}
          onChange={(v) => onChange({ degrees: numOrNull(v) })}
          error={errorOf(`${k}/degrees`)}
          w={96}
          allowNegative={false}
          decimalScale={1}
        />
        <CloseButton
          aria-label={`Remove ${JOINT_LABELS[row.joint].toLowerCase()} ${MOTION_LABELS[row.motion].toLowerCase()} measurement`}
          onClick={onRemove}
          mb={6}
        />
      </Group>
      <Group gap="xs" align="center" wrap="wrap">
        <NativeSelect
          size="xs"
          label="Norm set"
          value={row.normSet ?? DEFAULT_NORM_SET[row.joint]}
          onChange={(e) => onChange({ normSet: e.currentTarget.value })}
          data={ROM_NORM_SETS.filter((s) => s.joint === row.joint).map((s) => ({
            value: s.id,
            label: s.label,
          }))}
          error={errorOf(`${k}/normSet`)}
          style={{ flex: '1 1 200px' }}
        />
        <Text size="sm" aria-live="polite" style={{ flex: '1 1 160px' }}>
          {reading ? (
            <>
              Norm {formatNorm(reading.normal)}
              {reading.percent !== null ? (
                <>
                  {' · '}
                  <strong>{reading.percent}% of normal</strong>
                </>
              ) : null}
            </>
          ) : (
            'No norm for this motion in the chosen set.'
          )}
        </Text>
      </Group>
      {errorOf(k) ? (
        <Text size="xs" c="red.8">
          {errorOf(k)}
        </Text>
      ) : null}
    </Stack>
  );
}
