import '@mantine/charts/styles.css';
import { LineChart } from '@mantine/charts';
import { Text, VisuallyHidden } from '@mantine/core';
import { responderTarget, SHORT_NAMES, type OutcomeSeries } from './types';

const dateLabel = (iso: string) =>
  new Date(iso).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });

/**
 * A series as a line chart with the responder line (baseline improved by the clinic's threshold).
 * The same numbers are listed for screen readers, since a chart alone says nothing to them.
 */
export function OutcomeChart({
  series,
  height = 220,
  forPatient = false,
}: {
  series: OutcomeSeries;
  height?: number;
  /** Plain words on the line for the patient ("Meaningful change"), the clinical term for staff. */
  forPatient?: boolean;
}) {
  const name = SHORT_NAMES[series.instrument] ?? series.instrument;
  const data = series.series.map((p) => ({ date: dateLabel(p.takenAt), score: p.score }));
  const target = responderTarget(series);
  const better = series.direction === 'lower-is-better' ? 'lower is better' : 'higher is better';
  return (
    <figure style={{ margin: 0 }}>
      <LineChart
        h={height}
        data={data}
        dataKey="date"
        series={[{ name: 'score', label: name, color: 'teal.7' }]}
        yAxisProps={{ domain: [series.min, series.max] }}
        referenceLines={
          target === null || series.series.length === 0
            ? []
            : [
                {
                  y: target,
                  label: `${forPatient ? 'Meaningful change' : 'Responder'} ${series.direction === 'lower-is-better' ? '≤' : '≥'} ${target}`,
                  color: 'orange.8',
                  strokeDasharray: '6 4',
                },
              ]
        }
        curveType="linear"
        withDots
        aria-hidden
        accessibilityLayer={false}
      />
      <figcaption>
        <Text size="xs" c="dimmed">
          {name}, {series.min}–{series.max}, {better}. Dashed line: the score that counts as a meaningful
          improvement from the first one.
        </Text>
        <VisuallyHidden>
          Scores: {series.series.map((p) => `${dateLabel(p.takenAt)}: ${p.score}`).join('; ')}.
        </VisuallyHidden>
      </figcaption>
    </figure>
  );
}
