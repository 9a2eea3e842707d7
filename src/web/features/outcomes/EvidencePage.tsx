import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import {
  Badge,
  Group,
  List,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useState } from 'react';
import { Rectangle, type BarShapeProps } from 'recharts';
import { query } from '../../api/client';
import { useApiGet } from '../../api/useApi';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { SectionCard } from '../../components/SectionCard';
import { usePageTitle } from '../../components/usePageTitle';
import type { OutcomeReport } from '../../../contracts/outcomes.ts';
import { SHORT_NAMES } from './types';

const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;

interface Bar {
  label: string;
  rate: number;
  /** The 95 % interval in percent (the clinic's bar only). */
  ci: [number, number] | null;
  color: string;
}

/** A bar, and on the clinic's bar its interval as a whisker (scaled on the plot's 0–100 % height). */
function BarWithInterval(p: BarShapeProps) {
  const { background: bg, x = 0, width = 0 } = p;
  const ci = (p.payload as Bar | undefined)?.ci;
  const top = Number(bg?.y ?? 0);
  const h = Number(bg?.height ?? 0);
  const yOf = (v: number) => top + h * (1 - v / 100);
  const mid = Number(x) + Number(width) / 2;
  return (
    <g>
      <Rectangle {...p} />
      {ci && h > 0 ? (
        <g stroke="#212529" strokeWidth={2}>
          <line x1={mid} x2={mid} y1={yOf(ci[0])} y2={yOf(ci[1])} />
          <line x1={mid - 10} x2={mid + 10} y1={yOf(ci[0])} y2={yOf(ci[0])} />
          <line x1={mid - 10} x2={mid + 10} y1={yOf(ci[1])} y2={yOf(ci[1])} />
        </g>
      ) : null}
    </g>
  );
}

/** The clinic's rate (with its interval as an error bar) beside the published trial rates. */
function bars(r: OutcomeReport): Bar[] {
  const out: Bar[] = [];
  if (r.rate !== null && r.ci95)
    out.push({
      label: 'This clinic',
      rate: r.rate * 100,
      ci: [r.ci95[0] * 100, r.ci95[1] * 100],
      color: 'teal.8',
    });
  for (const p of r.published)
    if (p.rate !== null)
      out.push({
        label: p.label.includes('sham') ? 'Sham (trial)' : 'OMT (trial)',
        rate: p.rate * 100,
        ci: null,
        color: 'gray.6',
      });
  return out;
}

function RateChart({ r }: { r: OutcomeReport }) {
  const data = bars(r);
  return (
    <figure style={{ margin: 0 }}>
      <BarChart
        h={240}
        data={data}
        dataKey="label"
        series={[{ name: 'rate', label: 'Responders (%)', color: 'teal.7' }]}
        yAxisProps={{ domain: [0, 100] }}
        valueFormatter={(v) => `${Math.round(v)} %`}
        barProps={{
          background: { fill: 'transparent' },
          shape: (props: BarShapeProps) => <BarWithInterval {...props} />,
        }}
        aria-hidden
        accessibilityLayer={false}
      />
      <figcaption>
        <Text size="xs" c="dimmed">
          Bars: share of patients who responded. The black whisker on this clinic’s bar is its 95 % interval.
          The trial bars are the high-baseline-pain subgroup of the OSTEOPATHIC Trial (≥ 50 % less pain at
          week 12): a different measure and population, shown for scale, not as a target.
        </Text>
        <VisuallyHidden>{data.map((b) => `${b.label}: ${Math.round(b.rate)} %`).join('; ')}</VisuallyHidden>
      </figcaption>
    </figure>
  );
}

function Published({ r }: { r: OutcomeReport }) {
  return (
    <List spacing="sm" size="sm">
      {r.published.map((p) => (
        <List.Item key={p.label}>
          <Group gap={6}>
            <Text size="sm" fw={600}>
              {p.label}: {p.value}
            </Text>
            {p.kind === 'marketing-claim' && (
              <Badge color="red" variant="light" tt="none">
                Unsourced marketing figure
              </Badge>
            )}
            {p.kind === 'response-ratio' && (
              <Badge color="gray" variant="light" tt="none">
                Ratio, not a rate
              </Badge>
            )}
          </Group>
          <Text size="xs">{p.note}</Text>
          <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            Source: {p.source ?? 'none given'}
          </Text>
        </List.Item>
      ))}
    </List>
  );
}

/** `/app/evidence` (admins and clinicians): the clinic's responder rate beside the published figures. */
export default function EvidencePage() {
  usePageTitle('Outcomes and evidence');
  const [instrument, setInstrument] = useState('nrs');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const res = useApiGet<OutcomeReport>(`/api/v1/reports/outcomes${query({ instrument, from, to })}`);
  const r = res.data;
  return (
    <Stack gap="lg">
      <Title order={1}>Outcomes and evidence</Title>
      <Group align="end">
        <Select
          label="Instrument"
          value={instrument}
          onChange={(v) => v && setInstrument(v)}
          data={['nrs', 'peg', 'psfs'].map((id) => ({ value: id, label: SHORT_NAMES[id]! }))}
          allowDeselect={false}
        />
        <TextInput label="From" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput label="To" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
      </Group>
      {res.loading && !r ? <Loading label="Loading the report…" /> : null}
      <ProblemAlert error={res.error} />
      {r && (
        <>
          <SectionCard titleId="rate-title" title="This clinic’s responder rate">
            {r.rate === null || !r.ci95 ? (
              <Text>No patient has a first and a later score in this period yet.</Text>
            ) : (
              <Paper>
                <Text size="xl" fw={700}>
                  {pct(r.rate)}{' '}
                  <Text span size="md" fw={400}>
                    ({r.responders} of {r.patients} patients; 95 % interval {pct(r.ci95[0])} to{' '}
                    {pct(r.ci95[1])})
                  </Text>
                </Text>
              </Paper>
            )}
            <Text size="sm">{r.definition}</Text>
            <RateChart r={r} />
          </SectionCard>
          <SectionCard titleId="published-title" title="Published figures, beside ours">
            <Published r={r} />
          </SectionCard>
        </>
      )}
    </Stack>
  );
}
