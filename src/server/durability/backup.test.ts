import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openBackup, sealBackup, BackupError, writeRollingBackup } from '../db/backup.ts';
import { openDatabase } from '../db/connect.ts';
import { verifyAuditChain } from '../platform/audit.ts';
import { contentsOf, type Contents } from './table-checksums.testing.ts';
import { cliScript } from '../testing/cli-bundle.ts';
import {
  ackedCount,
  killServer,
  newLedger,
  seedCrashClinic,
  signIn,
  startLoad,
  startServer,
  type CrashClinic,
} from './crash-load.testing.ts';

const run = promisify(execFile);
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  run(process.execPath, [cliScript(), ...args], {
    env: { ...process.env, DATABASE_URL: '', ...env },
  });
const KEY = { STILLPOINT_BACKUP_KEY: 'correct key for the test backup' };

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-backup-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The demo clinic in an embedded database, and an encrypted backup of it (made once per file). */
let source: Promise<{ dir: string; file: string; contents: Contents }> | null = null;
function demoBackup() {
  source ??= (async () => {
    const dir = path.join(tmp, 'src');
    const file = path.join(tmp, 'demo.spbak');
    await cli(['seed', '--demo', '--data-dir', dir]);
    // A running server seals the audit entries shortly after commit; the seed command does not.
    // Seal them as the server would, so restore (which verifies, and so seals) changes nothing.
    {
      const d = await openDatabase({ dataDir: dir });
      expect((await verifyAuditChain(d.db)).ok).toBe(true);
      await d.close();
    }
    const b = await cli(['backup', '--data-dir', dir, '--out', file], KEY);
    expect(b.stdout).toContain('encrypted');
    return { dir, file, contents: await embeddedContents(dir) };
  })();
  return source;
}

async function embeddedContents(dataDir: string): Promise<Contents> {
  const d = await openDatabase({ dataDir, migrate: false });
  try {
    return await contentsOf(d.db);
  } finally {
    await d.close();
  }
}

/** The comparison is only worth something if the source holds a real clinic. */
function expectRealClinic(c: Contents) {
  expect(Object.keys(c.tables).length).toBeGreaterThan(30);
  expect(c.tables['public.patients']!.rows).toBe(20);
  expect(c.tables['public.encounter_notes']!.rows).toBe(10);
  expect(c.tables['public.audit_events']!.rows).toBeGreaterThan(50);
  const empty = Object.entries(c.tables).filter(([, t]) => t.rows === 0).length;
  expect(Object.keys(c.tables).length - empty).toBeGreaterThan(15);
}

describe('backup and restore of the embedded database', () => {
  it('round-trips the demo clinic through an encrypted backup: every table’s row count and row checksums, and every sequence, equal the source’s', async () => {
    const src = await demoBackup();
    expectRealClinic(src.contents);
    expect(fs.readFileSync(src.file).toString('utf8')).not.toContain('Alvarez');
    const dst = path.join(tmp, 'dst');
    const r = await cli(['restore', src.file, '--data-dir', dst], KEY);
    expect(r.stdout).toContain('digest verified');
    // Compared by this test, table by table, not taken from the restore command's report.
    const restored = await embeddedContents(dst);
    expect(restored.tables).toEqual(src.contents.tables);
    expect(restored.sequences).toEqual(src.contents.sequences);
    const d = await openDatabase({ dataDir: dst });
    try {
      const chain = await verifyAuditChain(d.db);
      expect(chain).toMatchObject({ ok: true, checked: src.contents.tables['public.audit_events']!.rows });
    } finally {
      await d.close();
    }
    // Restoring over an existing database is refused; a wrong key is refused.
    await expect(cli(['restore', src.file, '--data-dir', dst], KEY)).rejects.toMatchObject({
      stderr: expect.stringContaining('already holds a database'),
    });
    await expect(
      cli(['restore', src.file, '--data-dir', path.join(tmp, 'x')], { STILLPOINT_BACKUP_KEY: 'wrong' }),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining('could not be decrypted'),
    });
  }, 180_000);

  it('rejects a backup with one flipped byte', () => {
    const sealed = sealBackup(
      'create table t (x int);\ninsert into t values (1);\n',
      null,
      new Date('2027-01-01T00:00:00Z'),
    );
    expect(openBackup(sealed, null).sql).toContain('insert into t');
    const flipped = Buffer.from(sealed);
    flipped.writeUInt8(flipped.readUInt8(flipped.length - 3) ^ 1, flipped.length - 3);
    expect(() => openBackup(flipped, null)).toThrow(BackupError);
    expect(() => openBackup(Buffer.from('hello\nworld'), null)).toThrow(/not a Stillpoint backup/);
  });
});

describe('automatic backups of the embedded database (README: every STILLPOINT_BACKUP_HOURS, the newest 7 kept)', () => {
  it('keeps the newest 7 of nine daily backups, each a sealed, encrypted dump', async () => {
    const dataDir = path.join(tmp, 'rolling');
    const d = await openDatabase({ dataDir: 'memory://' });
    try {
      const days = Array.from({ length: 9 }, (_, i) => new Date(Date.UTC(2027, 0, 1 + i, 3)));
      const written: string[] = [];
      for (const [i, now] of days.entries()) {
        written.push(
          path.basename(await writeRollingBackup(d.pglite!, dataDir, KEY.STILLPOINT_BACKUP_KEY, now)),
        );
        expect(fs.readdirSync(path.join(dataDir, 'backups'))).toHaveLength(Math.min(i + 1, 7));
      }
      const kept = fs.readdirSync(path.join(dataDir, 'backups')).sort();
      expect(kept).toEqual(written.slice(2));
      expect(kept[0]).toBe('stillpoint-2027-01-03T03-00-00-000Z.spbak');
      for (const [i, name] of kept.entries()) {
        const file = path.join(dataDir, 'backups', name);
        expect(fs.statSync(file).mode & 0o777).toBe(0o600);
        const { header, sql } = openBackup(fs.readFileSync(file), KEY.STILLPOINT_BACKUP_KEY);
        expect(header).toMatchObject({ encrypted: true, createdAt: days[i + 2]!.toISOString() });
        expect(sql).toContain('CREATE TABLE public.patients');
      }
    } finally {
      await d.close();
    }
  }, 120_000);

  it('the running server writes one every STILLPOINT_BACKUP_HOURS while it takes writes, answers every request, and keeps the newest STILLPOINT_BACKUP_KEEP', async () => {
    const dataDir = path.join(tmp, 'auto');
    let clinic: CrashClinic;
    {
      const d = await openDatabase({ dataDir });
      clinic = await seedCrashClinic(d.db, 1);
      await d.close();
    }
    // 0.0005 hours: every 1.8 seconds. A dump still running when the next is due lets that one pass
    // (a dump takes a few seconds on a busy machine), so the backups may come less often, never more.
    const server = await startServer({
      STILLPOINT_DATA_DIR: dataDir,
      DATABASE_URL: '',
      STILLPOINT_BACKUP_HOURS: '0.0005',
      // Three kept (the default of 7 is proven by the test above): four backups show the pruning.
      STILLPOINT_BACKUP_KEEP: '3',
      LOG_LEVEL: 'info',
      ...KEY,
    });
    const logged: string[] = [];
    let out = '';
    server.child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      for (const m of out.matchAll(/"file":"([^"]+)"[^\n]*"msg":"automatic backup written"/g))
        if (!logged.includes(m[1]!)) logged.push(m[1]!);
    });
    const started = Date.now();
    const ledger = newLedger();
    try {
      const cookies = {
        clinician: await signIn(server.base, clinic.emails.clinician),
        frontdesk: await signIn(server.base, clinic.emails.frontdesk),
      };
      // Bookings, signed notes and patient updates all along: a backup must not disturb them.
      const load = startLoad({
        base: server.base,
        cookies,
        clinic,
        cycle: 0,
        ledger,
        firstDay: Math.ceil(Date.now() / 86_400_000) * 86_400_000,
      });
      try {
        const until = Date.now() + 120_000;
        while (logged.length < 4) {
          if (ledger.otherAnswers.length)
            throw new Error(
              `a request failed during automatic backups: ${ledger.otherAnswers.join(', ')}: ${out.slice(-1500)}`,
            );
          if (Date.now() > until)
            throw new Error(`only ${logged.length} automatic backups in 120 s: ${out.slice(-1500)}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      } finally {
        await load.stop();
      }
    } finally {
      await killServer(server, 'SIGTERM');
    }
    expect(ledger.otherAnswers).toEqual([]);
    expect(ledger.cut).toBe(0);
    expect(ackedCount(ledger)).toBeGreaterThan(20);
    expect(out).not.toMatch(/"level":50/);
    // Not faster than the interval: four backups take at least four intervals.
    expect(Date.now() - started).toBeGreaterThanOrEqual(4 * 1800);
    const kept = fs.readdirSync(path.join(dataDir, 'backups')).sort();
    // The newest 3 of all written (a backup may have finished between the last log line and the stop).
    expect(kept).toHaveLength(3);
    expect(kept).toEqual([...new Set([...logged, ...kept])].sort().slice(-3));
    expect(kept).not.toContain(logged[0]);
    const newest = openBackup(
      fs.readFileSync(path.join(dataDir, 'backups', kept[2]!)),
      KEY.STILLPOINT_BACKUP_KEY,
    );
    expect(newest.header.encrypted).toBe(true);
    expect(newest.sql).toContain(clinic.emails.frontdesk);
  }, 200_000);
});

const PG_URL = process.env.TEST_DATABASE_URL;

describe.skipIf(!PG_URL)(
  'the documented PostgreSQL path: restore --sql-out, then psql (runs when TEST_DATABASE_URL is set)',
  () => {
    it('psql -v ON_ERROR_STOP=1 of the --sql-out file into a fresh database gives every table the same rows and checksums as the embedded source', async () => {
      const src = await demoBackup();
      expectRealClinic(src.contents);
      const sqlFile = path.join(tmp, 'dump.sql');
      const r = await cli(['restore', src.file, '--sql-out', sqlFile], KEY);
      expect(r.stdout).toContain('digest verified');
      expect(r.stdout).toContain('psql -v ON_ERROR_STOP=1');
      expect(fs.statSync(sqlFile).mode & 0o777).toBe(0o600);
      // A fresh database next to the test database, made and dropped by this test.
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      const url = new URL(PG_URL!);
      const name = `${url.pathname.slice(1)}_restore_${randomUUID().slice(0, 8)}`;
      url.pathname = `/${name}`;
      await admin.query(`create database "${name}"`);
      try {
        await run('psql', ['-v', 'ON_ERROR_STOP=1', url.toString(), '-f', sqlFile], {
          maxBuffer: 256 * 1024 * 1024,
        });
        const d = await openDatabase({ databaseUrl: url.toString(), migrate: false });
        try {
          const restored = await contentsOf(d.db);
          expect(restored.tables).toEqual(src.contents.tables);
          expect(restored.sequences).toEqual(src.contents.sequences);
          const chain = await verifyAuditChain(d.db);
          expect(chain).toMatchObject({
            ok: true,
            checked: src.contents.tables['public.audit_events']!.rows,
          });
        } finally {
          await d.close();
        }
      } finally {
        await admin.query(`drop database if exists "${name}" with (force)`);
        await admin.end();
      }
    }, 180_000);
  },
);
