import { eq, sql } from 'drizzle-orm';
import { rawRows } from '../db/connect.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxMessages, patients } from '../db/schema.ts';
import { startTestApp, type TestApp } from '../testing/harness.ts';
import { demoEmail, seedDemo } from './demo.ts';

describe('demoEmail', () => {
  it('makes a plain example.com address from the name', () => {
    expect(demoEmail('James', 'Okafor')).toBe('james.okafor@example.com');
    expect(demoEmail('Zoë', 'O’Brien-Smith')).toBe('zoe.obriensmith@example.com');
  });
});

// Seeding needs an empty database, so this runs on a fresh embedded one only.
describe('demo seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite');
    await seedDemo(t.app.deps);
  }, 120_000);
  afterAll(async () => t?.close());

  it('gives every demo patient a distinct example.com address, Maria Alvarez the patient login’s', async () => {
    const rows = await t.app.deps.db
      .select({ given: patients.givenName, family: patients.familyName, email: patients.email })
      .from(patients);
    expect(rows).toHaveLength(20);
    for (const r of rows) expect(r.email).toMatch(/^[a-z.]+@example\.com$/);
    expect(new Set(rows.map((r) => r.email)).size).toBe(rows.length);
    expect(rows.find((r) => r.given === 'Maria' && r.family === 'Alvarez')?.email).toBe(
      'patient@example.com',
    );
    expect(rows.find((r) => r.given === 'James' && r.family === 'Okafor')?.email).toBe(
      'james.okafor@example.com',
    );
  });

  it('queues the demo bookings’ confirmations for the mailbox instead of skipping them', async () => {
    const confirmations = await t.app.deps.db
      .select({ status: outboxMessages.status, to: outboxMessages.toAddress })
      .from(outboxMessages)
      .where(eq(outboxMessages.kind, 'confirmation'));
    expect(confirmations.length).toBeGreaterThanOrEqual(6);
    for (const m of confirmations) {
      expect(m.status).toBe('pending');
      expect(m.to).toMatch(/@example\.com$/);
    }
  });
});

describe('demo outcome stories', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite');
    await seedDemo(t.app.deps);
  }, 120_000);
  afterAll(async () => t?.close());

  it('gives five patients a plan and ten an outcome series: responders, a plateau and non-responders', async () => {
    const db = t.app.deps.db;
    const plans = await rawRows<{ status: string }>(db, sql`select status from care_plans order by status`);
    expect(plans.map((p) => p.status)).toEqual(['active', 'active', 'active', 'completed', 'draft']);
    const nrs = await rawRows<{ first: number; last: number }>(
      db,
      sql`select (array_agg(score order by effective))[1] as first, (array_agg(score order by effective desc))[1] as last
          from outcome_observations where instrument = 'nrs' group by patient_id`,
    );
    expect(nrs).toHaveLength(9);
    // Responders by the default NRS threshold (≥ 2 points or ≥ 30 %) and the others.
    const responders = nrs.filter((r) => r.first - r.last >= 2 || (r.first - r.last) / r.first >= 0.3);
    expect(responders).toHaveLength(6);
  });
});

describe('demo home exercise programs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite');
    await seedDemo(t.app.deps);
  }, 120_000);
  afterAll(async () => t?.close());

  it('gives every patient with a plan a program with sessions: kept up, falling off, stopped with its course', async () => {
    const db = t.app.deps.db;
    const rows = await rawRows<{
      id: string;
      patient_id: string;
      plan: string;
      start: string;
      stopped: boolean;
      times_per_day: number;
      days_per_week: number;
      dates: string[] | null;
    }>(
      db,
      sql`select p.id, p.patient_id, p.care_plan_id as plan, p.start::text as start,
                 p.stopped_at is not null as stopped, p.times_per_day, p.days_per_week,
                 (select array_agg(s.date::text order by s.date) from exercise_sessions s
                   where s.prescription_id = p.id) as dates
          from exercise_prescriptions p`,
    );
    const plans = await rawRows<{ id: string; patient_id: string; title: string }>(
      db,
      sql`select id, patient_id, title from care_plans`,
    );
    expect(plans).toHaveLength(5);
    expect(new Set(rows.map((r) => r.patient_id))).toEqual(new Set(plans.map((p) => p.patient_id)));
    for (const r of rows) {
      expect(r.dates?.length ?? 0, r.id).toBeGreaterThan(0);
      expect(plans.find((p) => p.id === r.plan)?.patient_id).toBe(r.patient_id);
    }
    /** Share of the plan's prescribed sessions done from day `from` to day `to` of its program. */
    const share = (title: string, from: number, to: number) => {
      const plan = plans.find((p) => p.title === title)!;
      let due = 0;
      let done = 0;
      for (const r of rows.filter((x) => x.plan === plan.id)) {
        const start = Date.parse(r.start);
        due += (r.times_per_day * r.days_per_week * (to - from)) / 7;
        done += (r.dates ?? []).filter((d) => {
          const day = (Date.parse(d) - start) / 86_400_000;
          return day >= from && day < to;
        }).length;
      }
      return done / due;
    };
    expect(share('Low back pain, autumn 2026', 21, 42)).toBeGreaterThan(0.8);
    expect(share('Neck pain and headaches', 0, 21)).toBeGreaterThan(0.7);
    expect(share('Neck pain and headaches', 35, 56)).toBeLessThan(0.4);
    expect(share('Right shoulder pain', 0, 42)).toBeLessThan(0.5);
    const thoracic = plans.find((p) => p.title === 'Thoracic pain')!;
    expect(rows.filter((r) => r.plan === thoracic.id).every((r) => r.stopped)).toBe(true);
    expect(rows.filter((r) => r.plan !== thoracic.id).some((r) => r.stopped)).toBe(false);
  });
});
