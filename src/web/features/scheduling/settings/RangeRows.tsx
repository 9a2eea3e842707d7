import { Button, CloseButton, Group, Stack, Text, TextInput } from '@mantine/core';
import { useId, type ReactNode } from 'react';
import { newKey, nextRange, wallRangeLabel, type RangeDraft, type RangeErrors } from './hours';

interface Props {
  /** Names the rows for assistive technology, e.g. "Friday" ("Friday range 1 start"). */
  label: string;
  ranges: RangeDraft[];
  errors: Record<string, RangeErrors>;
  onChange: (ranges: RangeDraft[]) => void;
  /** Shown when there is no range, e.g. "Closed". */
  emptyText: string;
  readOnly?: boolean;
  /** Don't repeat `emptyText` while editing (the caller already says the day is closed). */
  quietEmpty?: boolean;
  /** More buttons beside "Add hours". */
  actions?: ReactNode;
}

/**
 * Zero or more wall-clock ranges (start–end, 24-hour `HH:mm`), each with its own errors beside it,
 * a remove button, and an "Add hours" button that proposes the next sensible range.
 */
export function RangeRows({
  label,
  ranges,
  errors,
  onChange,
  emptyText,
  readOnly,
  quietEmpty,
  actions,
}: Props) {
  const idBase = useId();
  const set = (key: string, patch: Partial<RangeDraft>) =>
    onChange(ranges.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  if (readOnly) {
    return (
      <Text size="sm">
        {ranges.length ? ranges.map((r) => wallRangeLabel(r.start, r.end)).join(', ') : emptyText}
      </Text>
    );
  }
  return (
    <Stack gap={6}>
      {ranges.length === 0 && !quietEmpty ? (
        <Text size="sm" c="dimmed">
          {emptyText}
        </Text>
      ) : null}
      {ranges.map((r, i) => {
        const e = errors[r.key] ?? {};
        const name = `${label} range ${i + 1}`;
        const errId = `${idBase}-${r.key}-err`;
        const message = [e.start, e.end].filter(Boolean).join(' ');
        return (
          <div key={r.key}>
            <Group gap={6} align="center" wrap="nowrap">
              <TextInput
                type="time"
                aria-label={`${name} start`}
                value={r.start}
                onChange={(ev) => set(r.key, { start: ev.currentTarget.value })}
                error={!!e.start}
                aria-describedby={message ? errId : undefined}
                w={{ base: 124, xs: 136 }}
                style={{ flexShrink: 0 }}
              />
              <Text aria-hidden>–</Text>
              <TextInput
                type="time"
                aria-label={r.end === '24:00' ? `${name} end (midnight)` : `${name} end`}
                value={r.end === '24:00' ? '' : r.end}
                onChange={(ev) => set(r.key, { end: ev.currentTarget.value })}
                error={!!e.end}
                aria-describedby={message ? errId : undefined}
                w={{ base: 124, xs: 136 }}
                style={{ flexShrink: 0 }}
              />
              <CloseButton
                aria-label={`Remove ${label} ${r.start && r.end ? wallRangeLabel(r.start, r.end) : `range ${i + 1}`}`}
                onClick={() => onChange(ranges.filter((x) => x.key !== r.key))}
              />
            </Group>
            {r.end === '24:00' && !e.end ? (
              <Text size="xs" c="dimmed">
                Until midnight
              </Text>
            ) : null}
            {message ? (
              <Text id={errId} size="sm" c="red.8" mt={2}>
                {message}
              </Text>
            ) : null}
          </div>
        );
      })}
      <Group gap="xs">
        <Button
          variant="subtle"
          size="compact-sm"
          onClick={() => onChange([...ranges, { key: newKey(), ...nextRange(ranges) }])}
          aria-label={`Add hours on ${label}`}
        >
          + Add hours
        </Button>
        {actions}
      </Group>
    </Stack>
  );
}
