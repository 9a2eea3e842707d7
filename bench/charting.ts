/**
 * Charting a follow-up visit through the real HTTP app (session cookie, CSRF header, role check,
 * patient access, safety check on the write path, audit entries in the same transaction): save the
 * structural exam of several regions, save the treatment, then read the visit's derived coding.
 * Sequential, one clinician, after a warm-up; the budget is on the whole three-request sequence.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { makeClinic, startTestApp, TEST_PASSWORD } from '../src/server/testing/harness.ts';
import { practitioners } from '../src/server/db/schema.ts';
import type { Row } from './run.ts';
import { quick } from './results.ts';

const BUDGET_MS = 30;

/** Five regions examined (TART, segmental notation, a tender point), pre-treatment ROM. */
const exam = [
  {
    region: 'cervical',
    tart: { tissueTexture: 1, asymmetry: 1, restriction: 2, tenderness: 1 },
    segmental: ['C3 FRS(L)'],
  },
  {
    region: 'thoracic',
    tart: { tissueTexture: 2, asymmetry: 1, restriction: 2, tenderness: 2 },
    segmental: ['T4 ERS(L)', 'T5-T9 NSLRR'],
  },
  {
    region: 'lumbar',
    tart: { tissueTexture: 'moderate', asymmetry: 1, restriction: 2, tenderness: 'severe' },
    segmental: ['L4 FRS(R)'],
    tenderPoints: [{ name: 'Posterior L5 (PL5)', side: 'R', tenderness: 7 }],
  },
  {
    region: 'sacral',
    tart: { asymmetry: 2, restriction: 1 },
    otherDiagnoses: ['Left-on-left forward sacral torsion'],
  },
  { region: 'pelvic', tart: { asymmetry: 1, restriction: 1, tenderness: 1 } },
];
const rom = [
  { joint: 'lumbar', motion: 'flexion', degrees: 40 },
  { joint: 'cervical', motion: 'rotation', side: 'L', degrees: 60 },
  { joint: 'hip', motion: 'internal-rotation', side: 'R', degrees: 28 },
];
const header = {
  chiefComplaint: 'Follow-up: low back and neck stiffness',
  historyUpdate: 'Better since last visit; no new symptoms.',
  painBefore: 5,
  consent: { omt: 'given', hvla: 'not-asked' },
  followUp: 'Return in 2 weeks.',
};
const treatment = [
  { region: 'cervical', techniques: [{ technique: 'counterstrain', holdSeconds: 90 }], response: 'improved' },
  {
    region: 'thoracic',
    techniques: [{ technique: 'facilitated-positional-release' }, { technique: 'still-technique' }],
    response: 'improved',
  },
  {
    region: 'lumbar',
    techniques: [{ technique: 'counterstrain', holdSeconds: 90, tenderPoint: 'PL5' }],
    response: 'improved',
    tolerance: 'good',
  },
  { region: 'sacral', techniques: [{ technique: 'balanced-ligamentous-tension' }], response: 'resolved' },
  { region: 'pelvic', techniques: [{ technique: 'balanced-ligamentous-tension' }], response: 'improved' },
];

export interface ChartingBenchResult {
  engine: 'pglite' | 'postgres';
  visits: number;
  p50: number;
  p95: number;
  max: number;
  steps: { exam: number; treatment: number; coding: number };
  /** SQL statements per step (PostgreSQL only: counted on the pg client). */
  queries: { exam: number; treatment: number; coding: number } | null;
  cpt: string | null;
  /** CPU time of this process (server and client) per measured visit: less sensitive to a busy machine. */
  cpuMsPerVisit: number;
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * q) - 1))] ?? 0;

export async function benchCharting(
  engine: 'pglite' | 'postgres',
  visits = 300,
  warmup = 30,
): Promise<ChartingBenchResult> {
  const t = await startTestApp(engine);
  // Statements sent by the pg pool (the same use-case code runs on PGlite).
  let statements = 0;
  const proto = pg.Client.prototype as unknown as { query: (this: pg.Client, ...a: unknown[]) => unknown };
  const originalQuery = proto.query;
  if (engine === 'postgres')
    proto.query = function (this: pg.Client, ...args: unknown[]) {
      statements++;
      return originalQuery.apply(this, args);
    };
  try {
    const k = await makeClinic(t);
    await t.database.db.insert(practitioners).values({
      clinicId: k.clinicId,
      userId: k.users.clinician.id,
      name: 'Dr. Bench, DO',
      timeZone: 'America/Chicago',
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: k.users.clinician.email, password: TEST_PASSWORD }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          cookie,
          ...(body !== undefined ? { 'content-type': 'application/json', 'x-requested-with': 'bench' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 400)}`);
      return JSON.parse(text) as { id: string; version: number; coding: { cpt: string | null } };
    };

    const patients = k.patients;
    let cpt: string | null = null;
    const totals: number[] = [];
    const steps = { exam: [] as number[], treatment: [] as number[], coding: [] as number[] };
    const queries = { exam: 0, treatment: 0, coding: 0 };
    let cpu: NodeJS.CpuUsage | null = null;
    let cpuMs = 0;
    for (let i = 0; i < warmup + visits; i++) {
      // Starting the visit is not part of the measured sequence.
      // One open draft per patient, practitioner and day: each visit is on its own (past) day.
      const started = await call('POST', `/api/v1/patients/${patients[i % 2]}/encounters`, {
        chiefComplaint: header.chiefComplaint,
        occurredAt: new Date(t.clock.now - (i + 1) * 86_400_000).toISOString(),
      });
      const timed = async (step: keyof typeof steps, run: () => ReturnType<typeof call>) => {
        const q0 = statements;
        const t0 = performance.now();
        const out = await run();
        const ms = performance.now() - t0;
        if (i >= warmup) {
          steps[step].push(ms);
          queries[step] += statements - q0;
        }
        return { out, ms };
      };
      if (i >= warmup) cpu = process.cpuUsage();
      const a = await timed('exam', () =>
        call('PUT', `/api/v1/encounters/${started.id}`, { ...header, exam, rom, version: started.version }),
      );
      const b = await timed('treatment', () =>
        call('PUT', `/api/v1/encounters/${started.id}`, {
          ...header,
          exam,
          rom,
          treatment,
          painAfter: 2,
          version: a.out.version,
        }),
      );
      const c = await timed('coding', () => call('GET', `/api/v1/encounters/${started.id}`));
      cpt = c.out.coding.cpt;
      if (i >= warmup) {
        totals.push(a.ms + b.ms + c.ms);
        const used = process.cpuUsage(cpu!);
        cpuMs += (used.user + used.system) / 1000;
      }
    }
    const sorted = [...totals].sort((x, y) => x - y);
    const p95Of = (xs: number[]) =>
      quantile(
        [...xs].sort((x, y) => x - y),
        0.95,
      );
    return {
      engine,
      visits,
      p50: quantile(sorted, 0.5),
      p95: quantile(sorted, 0.95),
      max: sorted.at(-1) ?? 0,
      steps: { exam: p95Of(steps.exam), treatment: p95Of(steps.treatment), coding: p95Of(steps.coding) },
      queries:
        engine === 'postgres'
          ? {
              exam: queries.exam / visits,
              treatment: queries.treatment / visits,
              coding: queries.coding / visits,
            }
          : null,
      cpt,
      cpuMsPerVisit: cpuMs / visits,
    };
  } finally {
    proto.query = originalQuery;
    await t.close();
  }
}

/** Report rows for `npm run bench` (PGlite always, PostgreSQL when TEST_DATABASE_URL is set). */
export async function chartingRows(): Promise<Row[]> {
  const engines: ('pglite' | 'postgres')[] = process.env.TEST_DATABASE_URL
    ? ['pglite', 'postgres']
    : ['pglite'];
  const out: Row[] = [];
  for (const engine of engines) {
    const r = quick ? await benchCharting(engine, 60, 10) : await benchCharting(engine);
    const f = (ms: number) => ms.toFixed(1);
    const q = r.queries
      ? `; SQL statements sent per step, the audit chainer's included: exam ${r.queries.exam.toFixed(0)}, treatment ${r.queries.treatment.toFixed(0)}, coding ${r.queries.coding.toFixed(0)}`
      : '';
    const gap = r.p95 <= BUDGET_MS ? '' : ` (gap: ${f(r.p95 - BUDGET_MS)} ms over)`;
    out.push({
      what: `Charting a visit: save exam + treatment + coding, 5 regions (${engine}, real HTTP app)`,
      figure: `p50 ${f(r.p50)} ms, p95 ${f(r.p95)} ms, max ${f(r.max)} ms over ${r.visits} visits (p95 per step: exam ${f(r.steps.exam)}, treatment ${f(r.steps.treatment)}, coding ${f(r.steps.coding)} ms; ${f(r.cpuMsPerVisit)} ms of app-process CPU per visit; CPT ${r.cpt ?? 'none'}${q})${gap}`,
      budget: `p95 ≤ ${BUDGET_MS} ms`,
      ok: r.p95 <= BUDGET_MS && r.cpt === '98927',
    });
  }
  return out;
}
