import { Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { timeIn } from './time';

export interface SummaryRow {
  label: string;
  value: ReactNode;
}

/**
 * The card that sums up one visit as a definition list (patient, visit, date, time, with, place…):
 * the booking flow's last check, and the appointment's own page. Rows that are `null` are left out.
 */
export function AppointmentSummary({
  rows,
  emphasis = false,
}: {
  rows: readonly (SummaryRow | null)[];
  /** Values in a heavier weight (the booking flow's check, where the values are the point). */
  emphasis?: boolean;
}) {
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
      <Stack component="dl" gap="sm" m={0}>
        {rows.map((row) =>
          row ? (
            <div key={row.label}>
              <Text component="dt" size="xs" fw={700} tt="uppercase" c="dimmed" lts={0.5}>
                {row.label}
              </Text>
              <Text component="dd" m={0} fw={emphasis ? 500 : undefined}>
                {row.value}
              </Text>
            </div>
          ) : null,
        )}
      </Stack>
    </Paper>
  );
}

/** A visit's time in its zone ("9:00 AM – 9:45 AM"), with the zone and the viewer's own time below. */
export function VisitTime({
  start,
  end,
  zone,
  zoneText,
  echo,
}: {
  start: string;
  end: string | null;
  zone: string;
  /** How the zone is named under the time. */
  zoneText: string;
  /** The same time in the viewer's own zone, when it differs. */
  echo: string | null;
}) {
  return (
    <>
      {timeIn(start, zone)}
      {end ? ` – ${timeIn(end, zone)}` : ''}
      <Text component="span" size="sm" c="dimmed" display="block">
        {zoneText}
        {echo ? ` · ${echo}` : ''}
      </Text>
    </>
  );
}
