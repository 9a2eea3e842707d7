import type { Row } from './run.ts';
import { benchSlotSearch } from '../src/domain/scheduling/bench.ts';

/** Benchmarks contributed by features (scheduling, charting, directory) register here. */
export const benches: { name: string; run: () => Promise<Row[]> }[] = [
  {
    name: 'slots',
    run: async () => {
      const r = benchSlotSearch(400);
      const ratio = r.p95MsWith10000 / r.p95MsWith10;
      return [
        {
          what: 'Slot search, one practitioner, 4 weeks',
          figure: `p95 ${r.p95MsWith10.toFixed(2)} ms with 10 appointments, ${r.p95MsWith10000.toFixed(2)} ms with 10,000 (×${ratio.toFixed(2)})`,
          budget: 'p95 ≤ 10 ms; ≤ 1.5× with 10,000',
          ok: r.p95MsWith10000 <= 10 && ratio <= 1.5,
        },
      ];
    },
  },
];
