import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { describeEngines, login, makeClinic, startTestApp } from '../../testing/harness.ts';
import { rawRows } from '../../db/connect.ts';
import { MON_0900_CDT, bookAs, followUp, setupPractice } from '../scheduling/test-helpers.ts';
import { BOSS_SCHEMA, JOBS_QUEUE, startJobs } from '../../platform/jobs.ts';

describeEngines('background jobs on %s', (engine) => {
  it(`send a booking's confirmation without anyone calling them (${engine === 'postgres' ? 'pg-boss' : 'in-process runner'})`, async () => {
    const t = await startTestApp(engine);
    try {
      const k = await makeClinic(t);
      const practitionerId = await setupPractice(t, k);
      const fd = await login(t, k.users.frontdesk.email);
      const res = await bookAs(fd, followUp(practitionerId, MON_0900_CDT, k.patients[0]));
      expect(res.statusCode).toBe(201);
      const confirmation = () =>
        rawRows<{ status: string; transport: string | null }>(
          t.database.db,
          sql`select status, transport from outbox_messages
              where clinic_id = ${k.clinicId} and kind = 'confirmation'`,
        );
      expect(await confirmation()).toEqual([{ status: 'pending', transport: null }]);

      await startJobs(t.app.deps, { intervalMs: 1000, clinicId: k.clinicId });
      await expect
        .poll(confirmation, { timeout: 20_000, interval: 200 })
        .toEqual([{ status: 'sent', transport: 'dev-mailbox' }]);
      if (engine === 'postgres') {
        // The pass ran as a pg-boss job, recorded in pg-boss's own tables.
        const completed = async () =>
          Number(
            (
              await rawRows<{ n: number | string }>(
                t.database.db,
                sql`select count(*) as n from ${sql.raw(BOSS_SCHEMA)}.job
                    where name = ${JOBS_QUEUE} and state = 'completed'`,
              )
            )[0]!.n,
          );
        await expect.poll(completed, { timeout: 10_000, interval: 200 }).toBeGreaterThan(0);
      }
    } finally {
      await t.close(); // stops the jobs before the database closes
    }
  });
});
