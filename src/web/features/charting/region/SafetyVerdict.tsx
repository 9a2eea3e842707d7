import { Button, Checkbox, Group, Stack, Text, Textarea } from '@mantine/core';
import {
  MIN_REASON_LENGTH,
  NON_OVERRIDABLE_RULES,
  type ChartSafetyItem,
} from '../../../../domain/omt/charting/safety.ts';
import type { TechniqueId } from '../../../../domain/omt/techniques.ts';
import { techniqueName } from '../format';
import type { TechniqueEntry } from '../../../../contracts/charting.ts';
import { fid } from '../ui';

/** Why a charted technique is not simply safe here: each rule that fired, and safer alternatives. */
export function SafetyReasons({
  item,
  name,
  onUse,
}: {
  item: ChartSafetyItem;
  /** The technique's name. */
  name: string;
  /** Use an alternative instead. */
  onUse: (alternative: TechniqueId) => void;
}) {
  return (
    <Stack gap={4}>
      {item.reasons.map((r) => (
        <Text key={r.rule} size="sm">
          <strong>{r.severity === 'absolute' ? 'Absolute' : 'Relative'}:</strong> {r.message}{' '}
          <Text span size="xs" c="dimmed">
            ({r.rule})
          </Text>
        </Text>
      ))}
      {item.alternatives.length ? (
        <Group gap={6} wrap="wrap">
          <Text size="xs">Alternatives:</Text>
          {item.alternatives.map((alt) => (
            <Button
              key={alt}
              size="compact-xs"
              variant="default"
              onClick={() => onUse(alt)}
              aria-label={`Use ${techniqueName(alt)} instead of ${name}`}
            >
              {techniqueName(alt)}
            </Button>
          ))}
        </Group>
      ) : null}
    </Stack>
  );
}

/**
 * What a technique with a caution or a contraindication still needs: the override (where the clinic
 * allows it and no rule forbids it) and the documented reason, with their live and server messages.
 */
export function SafetyDecision({
  fieldKey: key,
  item,
  entry,
  set,
  errorOf,
  serverErrorOf,
  allowOverride,
}: {
  /** The technique's field key (`treatment:lumbar/techniques/0`). */
  fieldKey: string;
  item: ChartSafetyItem | undefined;
  entry: TechniqueEntry;
  set: (patch: Partial<TechniqueEntry>) => void;
  errorOf: (key: string) => string | null;
  serverErrorOf: (key: string) => string | null;
  allowOverride: boolean;
}) {
  const verdict = item?.verdict ?? 'ok';
  // The reasons are shown above, so the live messages here stay short; a refused save shows the server's.
  const reasonError =
    serverErrorOf(`${key}/safetyReason`) ??
    (errorOf(`${key}/safetyReason`)
      ? `Document why it is appropriate (at least ${MIN_REASON_LENGTH} characters).`
      : null);
  const overrideError =
    serverErrorOf(`${key}/override`) ??
    (errorOf(`${key}/override`) ? 'To proceed anyway, tick override and document the reason.' : null);
  const locked = (item?.reasons ?? []).some((r) => NON_OVERRIDABLE_RULES.includes(r.rule));
  const canOverride = verdict === 'contraindicated' && allowOverride && !locked;
  const showReason =
    verdict === 'caution' || canOverride || !!reasonError || (entry.safetyReason ?? '').trim() !== '';
  return (
    <>
      {canOverride ? (
        <Checkbox
          id={fid(`${key}/override`)}
          label="Override this contraindication (the clinic allows it; the reason is audited)"
          checked={entry.override}
          onChange={(e) => set({ override: e.currentTarget.checked })}
          error={overrideError}
        />
      ) : overrideError ? (
        <Text size="sm" c="red.8">
          {overrideError}
        </Text>
      ) : null}
      {verdict === 'contraindicated' && !canOverride ? (
        <Text size="sm" c="red.9">
          {locked
            ? 'This cannot be overridden: remove the technique.'
            : 'The clinic does not allow overrides: remove it or use an alternative.'}
        </Text>
      ) : null}
      {showReason ? (
        <Textarea
          id={fid(`${key}/safetyReason`)}
          label={
            verdict === 'contraindicated' ? 'Reason for overriding' : 'Why it is appropriate (safety reason)'
          }
          description={`At least ${MIN_REASON_LENGTH} characters; kept with the chart and the audit log.`}
          autosize
          minRows={2}
          value={entry.safetyReason ?? ''}
          onChange={(e) => set({ safetyReason: e.currentTarget.value })}
          error={reasonError}
        />
      ) : null}
    </>
  );
}
