import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rawRows } from '../../db/connect.ts';
import { describeEngines, login, makeClinic } from '../../testing/harness.ts';
import { afterSealerPass, countedApp } from '../../testing/statements.ts';
import { practitioners } from '../../db/schema.ts';

/**
 * Charting a visit (performance issue 14, bench/charting.ts): save the structural exam, save the
 * treatment, read the visit's derived coding. Each step's statements are counted at the driver, so
 * a change that adds a round trip to the sequence fails here before it shows in the bench.
 */

const header = {
  chiefComplaint: 'Follow-up: low back and neck stiffness',
  historyUpdate: 'Better since last visit; no new symptoms.',
  painBefore: 5,
  consent: { omt: 'given', hvla: 'not-asked' },
  followUp: 'Return in 2 weeks.',
};
const exam = [
  {
    region: 'cervical',
    tart: { tissueTexture: 1, asymmetry: 1, restriction: 2, tenderness: 1 },
    segmental: ['C3 FRS(L)'],
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
];
const rom = [
  { joint: 'lumbar', motion: 'flexion', degrees: 40 },
  { joint: 'hip', motion: 'internal-rotation', side: 'R', degrees: 28 },
];
const treatment = [
  { region: 'cervical', techniques: [{ technique: 'counterstrain', holdSeconds: 90 }], response: 'improved' },
  {
    region: 'lumbar',
    techniques: [{ technique: 'counterstrain', holdSeconds: 90, tenderPoint: 'PL5' }],
    response: 'improved',
    tolerance: 'good',
  },
  { region: 'sacral', techniques: [{ technique: 'balanced-ligamentous-tension' }], response: 'resolved' },
];

const SEALER_POLL = /^select distinct chain from audit_events where hash is null$/;

describeEngines('charting a visit, statement by statement, on %s', (engine) => {
  const app = countedApp(engine);

  it('saves the exam, saves the treatment and reads the coding in a fixed number of statements each', async () => {
    const { t, counter } = app;
    const k = await makeClinic(t);
    await t.database.db.insert(practitioners).values({
      clinicId: k.clinicId,
      userId: k.users.clinician.id,
      name: 'Dr. Count, DO',
      timeZone: 'America/Chicago',
    });
    const doc = await login(t, k.users.clinician.email);
    const counts: number[] = [];
    const sent: string[][] = [];
    // Twice: the first visit warms what the app prepares once (db/connect.ts, keepPrepared).
    for (const day of [2, 1]) {
      const started = await doc.req('POST', `/api/v1/patients/${k.patients[0]}/encounters`, {
        ...header,
        occurredAt: new Date(t.clock.now - day * 86_400_000).toISOString(),
      });
      expect(started.statusCode, started.body).toBe(201);
      const step = async (run: () => ReturnType<typeof doc.req>) => {
        await afterSealerPass();
        counter.reset();
        const res = await run();
        expect(res.statusCode, res.body).toBe(200);
        // The audit sealer's poll (platform/audit.ts) may look for unsealed entries meanwhile.
        const own = counter.statements.filter((q) => !SEALER_POLL.test(q));
        counts.push(own.length);
        sent.push(own);
        return res.json<{ version: number; coding: { cpt: string | null } }>();
      };
      const { id, version } = started.json<{ id: string; version: number }>();
      const a = await step(() =>
        doc.req('PUT', `/api/v1/encounters/${id}`, {
          ...header,
          exam,
          rom,
          version,
        }),
      );
      const b = await step(() =>
        doc.req('PUT', `/api/v1/encounters/${id}`, {
          ...header,
          exam,
          rom,
          treatment,
          painAfter: 2,
          version: a.version,
        }),
      );
      expect(b.version).toBe(a.version + 1);
      const c = await step(() => doc.req('GET', `/api/v1/encounters/${id}`));
      expect(c.coding.cpt).toBe('98926');
      const entries = await rawRows<{ action: string }>(
        t.database.db,
        sql`select action from audit_events where resource_id = ${id} and outcome = 'success' order by n`,
      );
      expect(entries.map((e) => e.action)).toEqual([
        'encounter.create',
        'encounter.update',
        'encounter.update',
        'encounter.read',
      ]);
    }
    // Exam, treatment, coding of the second visit; a failure lists the statements sent. A save:
    // the session lookup, the visit with its patient, BEGIN, the visit under its row lock with the
    // scope (clinic, settings, conditions, flags, practitioner), its fields with the old rows'
    // deletes, the new rows with the audit entry, COMMIT. The read: the session lookup, the visit
    // with its patient, BEGIN, the scope and rows with the audit entry, COMMIT.
    expect(counts.slice(3), JSON.stringify(sent.slice(3), null, 1)).toEqual([7, 7, 5]);
    // The visit opens with its patient by a prepared statement (platform/subjects.ts), on the
    // embedded engine kept prepared (db/connect.ts, keepPrepared).
    if (engine === 'pglite')
      for (const step of sent.slice(3)) expect(step[1]).toMatch(/^execute stillpoint_subject_encounter\(/);
  });
  it('keeps saves of one version serialised: of saves at once, one is saved and the others are 409s, audited', async () => {
    const { t } = app;
    const k = await makeClinic(t);
    const doc = await login(t, k.users.clinician.email);
    const started = await doc.req('POST', `/api/v1/patients/${k.patients[1]}/encounters`, {
      ...header,
      occurredAt: new Date(t.clock.now - 86_400_000).toISOString(),
    });
    expect(started.statusCode, started.body).toBe(201);
    const { id, version } = started.json<{ id: string; version: number }>();
    const racing = await Promise.all(
      [0, 1, 2].map(() => doc.req('PUT', `/api/v1/encounters/${id}`, { ...header, exam, rom, version })),
    );
    expect(racing.map((r) => r.statusCode).sort()).toEqual([200, 409, 409]);
    for (const r of racing.filter((x) => x.statusCode === 409))
      expect(r.json<{ type: string }>().type).toMatch(/version-conflict/);
    const now = await doc.req('GET', `/api/v1/encounters/${id}`);
    expect(now.json<{ version: number; exam: unknown[] }>()).toMatchObject({ version: version + 1 });
    expect(now.json<{ exam: unknown[] }>().exam).toHaveLength(exam.length);
    const entries = await rawRows<{ action: string; outcome: string }>(
      t.database.db,
      sql`select action, outcome from audit_events where resource_id = ${id} and action = 'encounter.update'`,
    );
    expect(entries.map((e) => e.outcome).sort()).toEqual(['denied', 'denied', 'success']);
  });
});
