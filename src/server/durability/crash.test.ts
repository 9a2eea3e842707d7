import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/connect.ts';
import { describeEngines } from '../testing/harness.ts';
import {
  ackedCount,
  killServer,
  judge,
  newLedger,
  seedCrashClinic,
  signIn,
  startLoad,
  startServer,
  type Cookies,
  type CrashClinic,
  type Ledger,
  type Server,
} from './crash-load.testing.ts';
import { createCluster, findPgBin, type Cluster } from './pg-cluster.testing.ts';

/**
 * E1: an acknowledged write is never lost when the server is killed with SIGKILL. A child server
 * takes bookings, signed notes (create the visit, chart it, sign it) and patient updates; the test
 * records each as attempted before sending it and as acknowledged after its 2xx, kills at a random
 * moment with writes in flight, restarts on the same data, and finally reads the database itself:
 * for each kind, acknowledged ⊆ stored ⊆ attempted, every stored write has its own audit entry,
 * and the audit chain verifies. See crash-load.testing.ts for the oracle.
 */

const CYCLES = 5;
const TOMORROW = Math.ceil(Date.now() / 86_400_000) * 86_400_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until this cycle has a booking, a signed note and a patient update acknowledged. */
async function untilEachKindAcked(ledger: Ledger, before: Snapshot, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const now = snapshot(ledger);
    if (now.bookings > before.bookings && now.signs > before.signs && now.updates > before.updates) return;
    if (Date.now() > until)
      throw new Error(
        `a cycle did not get each kind of write acknowledged within ${timeoutMs} ms (${JSON.stringify(now)}; other answers: ${ledger.otherAnswers.slice(-5).join(', ')})`,
      );
    await sleep(10);
  }
}

interface Snapshot {
  bookings: number;
  signs: number;
  updates: number;
}
const snapshot = (l: Ledger): Snapshot => ({
  bookings: l.bookings.acked.size,
  signs: l.signs.acked.size,
  updates: [...l.updates.values()].reduce((n, u) => n + u.acks, 0),
});

/** The oracle, with counts that show it judged real writes. */
async function expectNothingLost(
  dbOpts: { databaseUrl?: string; dataDir?: string },
  clinic: CrashClinic,
  ledger: Ledger,
  chainScope: { clinicId?: string },
) {
  const d = await openDatabase(dbOpts);
  try {
    const v = await judge(d.db, clinic, ledger, chainScope);
    expect(v.lost).toEqual([]);
    expect(v.invented).toEqual([]);
    expect(v.auditMismatch).toEqual([]);
    expect(v.chain.ok).toBe(true);
    expect(v.chain.checked).toBeGreaterThanOrEqual(ackedCount(ledger));
    // The oracle judged real writes: each cycle had each kind acknowledged before its kill.
    const acked = snapshot(ledger);
    expect(Math.min(acked.bookings, acked.signs, acked.updates)).toBeGreaterThanOrEqual(CYCLES);
    return v;
  } finally {
    await d.close();
  }
}

describeEngines('crash safety on %s', (engine) => {
  it(`kill -9 of the app server ${CYCLES} times during bookings, signed notes and patient updates: acknowledged ⊆ stored ⊆ attempted, each write audited, the audit chain verifies`, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-crash-'));
    const dbOpts = engine === 'postgres' ? { databaseUrl: process.env.TEST_DATABASE_URL! } : { dataDir };
    const env =
      engine === 'postgres'
        ? { DATABASE_URL: process.env.TEST_DATABASE_URL! }
        : { STILLPOINT_DATA_DIR: dataDir, DATABASE_URL: '' };
    try {
      let clinic: CrashClinic;
      {
        const d = await openDatabase(dbOpts);
        clinic = await seedCrashClinic(d.db, CYCLES);
        await d.close();
      }
      const ledger = newLedger();
      let cookies: Cookies | null = null;
      const inFlightAtKill: number[] = [];
      for (let cycle = 0; cycle < CYCLES; cycle++) {
        const server = await startServer(env);
        // Sessions live in the database: the first cycle's survive the kills.
        cookies ??= {
          clinician: await signIn(server.base, clinic.emails.clinician),
          frontdesk: await signIn(server.base, clinic.emails.frontdesk),
        };
        const before = snapshot(ledger);
        const load = startLoad({ base: server.base, cookies, clinic, cycle, ledger, firstDay: TOMORROW });
        try {
          await untilEachKindAcked(ledger, before);
          await sleep(Math.random() * 1000);
        } finally {
          inFlightAtKill.push(load.inFlight());
          await killServer(server);
          await load.stop();
        }
      }
      // Every cycle was killed with writes in flight, and every answer was a 2xx or no answer.
      expect(inFlightAtKill).toHaveLength(CYCLES);
      expect(inFlightAtKill.filter((n) => n === 0)).toEqual([]);
      expect(ledger.otherAnswers).toEqual([]);
      // Opening the database after the last kill is its restart (PGlite recovers in this process).
      await expectNothingLost(
        dbOpts,
        clinic,
        ledger,
        engine === 'postgres' ? { clinicId: clinic.clinicId } : {},
      );
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});

const PG_NEEDED = !!process.env.TEST_DATABASE_URL;

describe.skipIf(!PG_NEEDED)(
  'crash safety of the PostgreSQL server itself (runs when TEST_DATABASE_URL is set)',
  () => {
    let cluster: Cluster | null = null;
    let server: Server | null = null;
    afterAll(async () => {
      if (server) await killServer(server);
      await cluster?.destroy();
    });

    it('SIGKILL of a throwaway PostgreSQL cluster (postmaster and backends) mid-writes, then restart: acknowledged ⊆ stored ⊆ attempted, each write audited, the audit chain verifies', async () => {
      const bin = findPgBin();
      // CI sets TEST_DATABASE_URL: there a missing PostgreSQL installation fails the test, never skips it.
      if (!bin)
        throw new Error(
          'initdb and pg_ctl were not found under /usr/lib/postgresql/*/bin (or PG_BIN): install PostgreSQL’s server package to run this test.',
        );
      cluster = await createCluster(bin);
      let clinic: CrashClinic;
      {
        const d = await openDatabase({ databaseUrl: cluster.url });
        // One group of patients to update per cycle, and one for the writes after the last restart.
        clinic = await seedCrashClinic(d.db, CYCLES + 1);
        await d.close();
      }
      const env = { DATABASE_URL: cluster.url };
      server = await startServer(env);
      const cookies: Cookies = {
        clinician: await signIn(server.base, clinic.emails.clinician),
        frontdesk: await signIn(server.base, clinic.emails.frontdesk),
      };
      const ledger = newLedger();
      const inFlightAtKill: number[] = [];
      const killedProcesses: number[] = [];
      for (let cycle = 0; cycle < CYCLES; cycle++) {
        const before = snapshot(ledger);
        const load = startLoad({ base: server.base, cookies, clinic, cycle, ledger, firstDay: TOMORROW });
        try {
          await untilEachKindAcked(ledger, before);
          await sleep(Math.random() * 1000);
          inFlightAtKill.push(load.inFlight());
          killedProcesses.push((await cluster.kill()).length);
          // Once, the app dies with its database (a machine-wide crash); otherwise it keeps serving
          // and answers errors while the database is down.
          if (cycle === 2) {
            await killServer(server);
            server = null;
          } else await sleep(100 + Math.random() * 300);
        } finally {
          await load.stop();
        }
        await cluster.start();
        // The app outlives a database kill (every pooled client has an error listener: connect.ts);
        // only the cycle that killed it too restarts it.
        if (server)
          expect(
            server.child.exitCode ?? server.child.signalCode,
            `the app died with its database: ${server.output().slice(-3000)}`,
          ).toBeNull();
        server ??= await startServer(env);
      }
      expect(inFlightAtKill.filter((n) => n === 0)).toEqual([]);
      // The postmaster and its backends, checkpointer, WAL writer…: the whole server died each time.
      expect(killedProcesses.filter((n) => n < 4)).toEqual([]);
      // While the database was down the app refused writes with a server error, never a 2xx or a 4xx.
      expect(ledger.otherAnswers.filter((a) => !/ 5\d\d$/.test(a))).toEqual([]);
      // The app reconnects by itself: after the last restart it takes writes again.
      {
        const before = snapshot(ledger);
        const load = startLoad({
          base: server.base,
          cookies,
          clinic,
          cycle: CYCLES,
          ledger,
          firstDay: TOMORROW,
        });
        try {
          await untilEachKindAcked(ledger, before);
        } finally {
          await load.stop();
        }
      }
      await killServer(server, 'SIGTERM');
      server = null;
      await expectNothingLost({ databaseUrl: cluster.url }, clinic, ledger, {});
    }, 240_000);
  },
);
