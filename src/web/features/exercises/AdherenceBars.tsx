import { Group, Progress, Stack, Text, VisuallyHidden } from '@mantine/core';
import type { PrescriptionView } from '../../../contracts/exercises.ts';
import { adherenceColor, weekLabel } from './text';

/**
 * Adherence per week as small bars, newest week first, at most `weeks` of them. Each bar says its
 * week, the percentage and the sessions in words, so nothing depends on the colour.
 */
export function AdherenceBars({ p, weeks = 8 }: { p: PrescriptionView; weeks?: number }) {
  const shown = p.adherence.weeks.slice(-weeks).reverse();
  if (shown.length === 0) return <Text size="sm">Starts on {p.start}: no week to count yet.</Text>;
  return (
    <Stack gap={4} role="list" aria-label={`Sessions done per week: ${p.exercise.name}`}>
      {shown.map((w) => {
        const label = `Week of ${weekLabel(w)}: ${w.percent}% (${w.done} of ${w.prescribed} sessions)`;
        return (
          <Group key={w.weekStart} gap="xs" wrap="nowrap" role="listitem">
            <VisuallyHidden>{label}</VisuallyHidden>
            <Text size="xs" w={56} aria-hidden>
              {weekLabel(w)}
            </Text>
            <Progress
              value={w.percent}
              color={adherenceColor(w.percent)}
              size="lg"
              style={{ flex: 1 }}
              aria-hidden
            />
            <Text size="xs" w={92} ta="right" aria-hidden>
              {w.percent}% · {w.done}/{w.prescribed}
            </Text>
          </Group>
        );
      })}
    </Stack>
  );
}
