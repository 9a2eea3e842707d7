import type { Row } from './run.ts';
import { benchSlotSearch } from '../src/domain/scheduling/bench.ts';
import { benchBooking } from './booking.ts';
import { pgbenchReference } from './pgbench-reference.ts';
import { outcomesRows } from './outcomes.ts';
import { directoryRows } from './directory.ts';
import { quick } from './results.ts';
import { flatRows } from './flat.ts';
import { publicJsRows } from './publicjs.ts';

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
  {
    name: 'booking',
    run: async () => {
      const what = 'Booking under 50 concurrent clients (PostgreSQL, real HTTP app)';
      const budget = '≥ 300 bookings/s, zero overlaps';
      if (!process.env.TEST_DATABASE_URL) {
        return [{ what, figure: 'skipped: needs TEST_DATABASE_URL', budget, ok: null }];
      }
      const r = await benchBooking(quick ? 600 : 3000);
      const gap = r.perSecond >= 300 ? '' : ` (gap: ${(300 - r.perSecond).toFixed(0)} bookings/s short)`;
      // The same run's database-only reference: PostgreSQL alone, a booking-shaped transaction.
      const ref = await pgbenchReference(process.env.TEST_DATABASE_URL, {
        seconds: quick ? 5 : 15,
        clients: r.clients,
      });
      const reference = ref
        ? `; PostgreSQL alone (pgbench, the booking-shaped transaction, ${ref.clients} clients): ${ref.transactionsPerSecond.toFixed(0)}/s, the app reaches ${((100 * r.perSecond) / ref.transactionsPerSecond).toFixed(0)}% of it`
        : '; PostgreSQL-alone reference not run: pgbench not found';
      return [
        {
          what,
          figure: `${r.perSecond.toFixed(0)} bookings/s over ${r.bookings} bookings, p95 ${r.p95Ms.toFixed(1)} ms, non-2xx ${r.non2xx}, overlaps ${r.overlaps}, ${r.cpuMsPerBooking.toFixed(1)} ms of app-process CPU per booking; one slot raced by ${r.clients}: ${r.race.created}×201, ${r.race.conflicts}×409, ${r.race.other} other${reference}${gap}`,
          budget,
          ok:
            r.perSecond >= 300 &&
            r.non2xx === 0 &&
            r.overlaps === 0 &&
            r.race.created === 1 &&
            r.race.conflicts === r.clients - 1,
        },
      ];
    },
  },
  { name: 'outcomes', run: outcomesRows },
  { name: 'flat', run: flatRows },
  {
    name: 'directory',
    run: async () => {
      const engines: ('pglite' | 'postgres')[] = process.env.TEST_DATABASE_URL
        ? ['pglite', 'postgres']
        : ['pglite'];
      const out: Row[] = [];
      for (const e of engines) out.push(...(await directoryRows(e)));
      return out;
    },
  },
  { name: 'public-js', run: publicJsRows },
];
