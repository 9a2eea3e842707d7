import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { EncounterChart } from '../domain/omt/charting/chart.ts';
import {
  chartBodyResponse,
  encounterChartSchema,
  examEntryResponse,
  type ChartBody,
  type EncounterChartInput,
} from './charting.ts';

describe('charting contracts', () => {
  it('parse a chart body into exactly the domain’s chart', () => {
    // Type-level: tsc fails when the schema and the domain type drift apart.
    expectTypeOf<z.output<typeof encounterChartSchema>>().toEqualTypeOf<EncounterChart>();
    const chart: EncounterChart = encounterChartSchema.parse({
      exam: [{ region: 'lumbar', tart: { tenderness: 'severe' } }],
    } satisfies EncounterChartInput);
    expect(chart.exam[0]!.tart.tenderness).toBe(3);
    expect(chart.consent).toEqual({ omt: 'not-asked', hvla: 'not-asked' });
  });

  it('describe a chart as read as a body the chart schema accepts back', () => {
    const read: ChartBody = {
      chiefComplaint: 'Neck pain',
      historyUpdate: '',
      painBefore: 4,
      painAfter: null,
      consent: { omt: 'given', hvla: 'not-asked', note: null },
      sameDayEm: null,
      exam: [
        examEntryResponse.parse({
          region: 'cervical',
          tart: { tissueTexture: 1, asymmetry: null, restriction: 2, tenderness: null },
          segmental: ['C3 FRS(L)'],
          otherDiagnoses: [],
          tenderPoints: [{ name: 'AC7', side: 'L', tenderness: 6, tendernessAfter: null }],
          note: null,
        }),
      ],
      rom: [{ joint: 'cervical', motion: 'rotation', side: 'L', phase: 'pre', degrees: 60, normSet: null }],
      treatment: [],
      redFlagReason: null,
      notes: {},
      followUp: null,
    };
    expect(chartBodyResponse.parse(read)).toEqual(read);
    expect(encounterChartSchema.safeParse(read).success).toBe(true);
  });
});
