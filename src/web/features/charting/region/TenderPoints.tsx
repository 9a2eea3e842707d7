import { Button, CloseButton, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import type { RegionId } from '../../../../domain/omt/regions.ts';
import { removeAt, replaceAt } from '../chartState';
import type { TenderPoint } from '../../../../contracts/charting.ts';
import { fid } from '../ui';

/** Counterstrain tender points of the region, each with its side and tenderness before and after. */
export function TenderPoints({
  region,
  points,
  onChange,
  errorOf,
}: {
  region: RegionId;
  points: TenderPoint[];
  onChange: (p: TenderPoint[]) => void;
  errorOf: (key: string) => string | null;
}) {
  const key = (i: number) => `exam:${region}/tenderPoints/${i}`;
  const set = (i: number, patch: Partial<TenderPoint>) =>
    onChange(replaceAt(points, i, { ...points[i]!, ...patch }));
  const score = (v: string) => (v === '' ? null : Number(v));
  const scores = [{ value: '', label: '—' }, ...Array.from({ length: 11 }, (_, n) => String(n))];
  return (
    <Stack gap={6}>
      <Text size="sm" fw={600}>
        Counterstrain tender points
      </Text>
      {points.map((p, i) => (
        <Group key={i} gap="xs" align="flex-end" wrap="wrap" className="chart-subcard">
          <TextInput
            id={fid(`${key(i)}/name`)}
            label="Tender point"
            placeholder="e.g. Posterior L5 (PL5)"
            value={p.name}
            onChange={(e) => set(i, { name: e.currentTarget.value })}
            error={errorOf(`${key(i)}/name`)}
            style={{ flex: '1 1 180px' }}
            autoComplete="off"
          />
          <NativeSelect
            label="Side"
            value={p.side ?? ''}
            onChange={(e) => set(i, { side: (e.currentTarget.value || null) as TenderPoint['side'] })}
            data={[
              { value: '', label: '—' },
              { value: 'L', label: 'Left' },
              { value: 'R', label: 'Right' },
              { value: 'midline', label: 'Midline' },
            ]}
            w={96}
          />
          <NativeSelect
            label="Before (0–10)"
            value={p.tenderness === null ? '' : String(p.tenderness)}
            onChange={(e) => set(i, { tenderness: score(e.currentTarget.value) })}
            data={scores}
            w={104}
          />
          <NativeSelect
            label="After (0–10)"
            value={p.tendernessAfter === null ? '' : String(p.tendernessAfter)}
            onChange={(e) => set(i, { tendernessAfter: score(e.currentTarget.value) })}
            data={scores}
            w={104}
          />
          <CloseButton
            aria-label={`Remove tender point ${p.name || i + 1}`}
            onClick={() => onChange(removeAt(points, i))}
            mb={6}
          />
        </Group>
      ))}
      <div>
        <Button
          variant="light"
          size="compact-sm"
          onClick={() => {
            onChange([...points, { name: '', side: null, tenderness: null, tendernessAfter: null }]);
            window.requestAnimationFrame(() =>
              document.getElementById(fid(`${key(points.length)}/name`))?.focus(),
            );
          }}
        >
          Add tender point
        </Button>
      </div>
    </Stack>
  );
}
