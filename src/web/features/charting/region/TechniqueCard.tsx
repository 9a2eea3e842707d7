import { Button, Group, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { REGION_BY_ID } from '../../../../domain/omt/regions.ts';
import type { TechniqueId } from '../../../../domain/omt/techniques.ts';
import { techniqueName } from '../format';
import { HoldTimer } from '../HoldTimer';
import type { TechniqueEntry } from '../../../../contracts/charting.ts';
import { fid, VerdictBadge } from '../ui';
import { numOrNull, type PanelProps } from './panelProps';
import { SafetyDecision, SafetyReasons } from './SafetyVerdict';

const TENDER_POINT_TECHNIQUES: readonly TechniqueId[] = [
  'counterstrain',
  'facilitated-positional-release',
  'chapman-reflex',
];

/**
 * One charted technique: its live safety verdict and reasons, the hold timer for counterstrain, the
 * dose fields, and the override and reason a caution or contraindication needs.
 */
export function TechniqueCard({
  region,
  index,
  entry,
  onChange,
  onRemove,
  errorOf,
  serverErrorOf,
  itemOf,
  allowOverride,
}: PanelProps & {
  index: number;
  entry: TechniqueEntry;
  onChange: (next: TechniqueEntry) => void;
  onRemove: () => void;
}) {
  const key = `treatment:${region}/techniques/${index}`;
  const item = itemOf(key);
  const verdict = item?.verdict ?? 'ok';
  const name = techniqueName(entry.technique);
  const set = (patch: Partial<TechniqueEntry>) => onChange({ ...entry, ...patch });
  // The live verdict and reasons are shown above; this is what the server said when it refused a save.
  const techniqueError = serverErrorOf(`${key}/technique`);
  const titleId = `${fid(key)}-title`;
  return (
    <Stack
      gap="xs"
      className="chart-subcard"
      data-verdict={verdict}
      id={fid(key)}
      tabIndex={-1}
      role="group"
      aria-labelledby={titleId}
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Group gap="xs" wrap="wrap" style={{ flex: 1, minWidth: 0 }}>
          <Text fw={700} id={titleId}>
            {name}
          </Text>
          <VerdictBadge verdict={verdict} />
        </Group>
        <Button
          variant="subtle"
          color="red"
          size="compact-sm"
          onClick={onRemove}
          aria-label={`Remove ${name}`}
          style={{ flexShrink: 0 }}
        >
          Remove
        </Button>
      </Group>
      {item && item.verdict !== 'ok' ? (
        <SafetyReasons
          item={item}
          name={name}
          onUse={(alt) => set({ technique: alt, safetyReason: null, override: false })}
        />
      ) : null}
      {techniqueError ? (
        <Text size="sm" c="red.8" fw={500} id={`${fid(key)}-error`}>
          <span aria-hidden="true">✕ </span>
          {techniqueError}
        </Text>
      ) : null}
      {entry.technique === 'counterstrain' ? (
        <HoldTimer
          label={`${name}, ${REGION_BY_ID[region].label.toLowerCase()}${entry.tenderPoint ? `, ${entry.tenderPoint}` : ''}`}
          defaultSeconds={region === 'rib-cage' ? 120 : 90}
          onHeld={(seconds) => set({ holdSeconds: seconds })}
        />
      ) : null}
      <Group gap="xs" wrap="wrap" align="flex-start">
        {TENDER_POINT_TECHNIQUES.includes(entry.technique) ? (
          <TextInput
            id={fid(`${key}/tenderPoint`)}
            label="Tender point"
            value={entry.tenderPoint ?? ''}
            onChange={(e) => set({ tenderPoint: e.currentTarget.value })}
            error={errorOf(`${key}/tenderPoint`)}
            style={{ flex: '1 1 140px' }}
            autoComplete="off"
          />
        ) : null}
        <NumberInput
          id={fid(`${key}/holdSeconds`)}
          label="Hold (s)"
          min={0}
          max={3600}
          value={entry.holdSeconds ?? ''}
          onChange={(v) => set({ holdSeconds: numOrNull(v) })}
          error={errorOf(`${key}/holdSeconds`)}
          w={96}
          allowNegative={false}
          allowDecimal={false}
        />
        <NumberInput
          id={fid(`${key}/repetitions`)}
          label="Repetitions"
          min={0}
          max={100}
          value={entry.repetitions ?? ''}
          onChange={(v) => set({ repetitions: numOrNull(v) })}
          error={errorOf(`${key}/repetitions`)}
          w={110}
          allowNegative={false}
          allowDecimal={false}
        />
        <TextInput
          id={fid(`${key}/note`)}
          label="Note"
          value={entry.note ?? ''}
          onChange={(e) => set({ note: e.currentTarget.value })}
          error={errorOf(`${key}/note`)}
          style={{ flex: '2 1 180px' }}
        />
      </Group>
      <SafetyDecision
        fieldKey={key}
        item={item}
        entry={entry}
        set={set}
        errorOf={errorOf}
        serverErrorOf={serverErrorOf}
        allowOverride={allowOverride}
      />
    </Stack>
  );
}
