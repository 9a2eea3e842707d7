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
