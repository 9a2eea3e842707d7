import { Button, Group, Text } from '@mantine/core';
import type { StripDay } from './time';
import { weekLabel } from './time';

interface Props {
  days: StripDay[];
  /** Free times per date; dates missing here have none. */
  counts: ReadonlyMap<string, number>;
  selected: string | null;
  today: string;
  loading: boolean;
  onSelect: (date: string) => void;
  onPrevious: (() => void) | null;
  onNext: (() => void) | null;
}

/**
 * Seven days in a row; days without free times stay in the list (and in the tab order) but say so,
 * instead of only looking greyed out.
 */
export function WeekStrip({ days, counts, selected, today, loading, onSelect, onPrevious, onNext }: Props) {
  const first = days[0]?.date ?? today;
  return (
    <div>
      <Group justify="space-between" wrap="nowrap" mb="xs" gap="xs">
        <Button
          variant="default"
          size="md"
          px="sm"
          onClick={onPrevious ?? undefined}
          disabled={!onPrevious}
          aria-label="Previous week"
        >
          ←
        </Button>
        <Text fw={700} ta="center" aria-live="polite">
          {weekLabel(first, days.length)}
        </Text>
        <Button
          variant="default"
          size="md"
          px="sm"
          onClick={onNext ?? undefined}
          disabled={!onNext}
          aria-label="Next week"
        >
          →
        </Button>
      </Group>
      <ul className="week-strip" aria-label={`Days from ${weekLabel(first, days.length)}`}>
        {days.map((d) => {
          const count = counts.get(d.date) ?? 0;
          const none = count === 0;
          const weekday = d.date === today ? 'Today' : d.weekday;
          const countText = loading ? '…' : none ? 'no times' : `${count} free`;
          // The accessible name starts with the visible text (WCAG 2.5.3), then the full date.
          const label = `${weekday} ${d.dayOfMonth} ${loading ? 'checking' : countText}: ${d.label}`;
          return (
            <li key={d.date}>
              <button
                type="button"
                className="week-day"
                aria-disabled={none || loading ? 'true' : undefined}
                aria-current={selected === d.date ? 'true' : undefined}
                aria-label={label}
                onClick={() => {
                  if (!none && !loading) onSelect(d.date);
                }}
              >
                <span className="week-day__weekday" aria-hidden="true">
                  {weekday}
                </span>
                <span className="week-day__num" aria-hidden="true">
                  {d.dayOfMonth}
                </span>
                <span className="week-day__count" aria-hidden="true">
                  {countText}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
