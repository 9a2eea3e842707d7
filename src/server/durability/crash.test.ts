import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/connect.ts';
import { clinics, users } from '../db/schema.ts';
import { hashPassword } from '../platform/passwords.ts';
import { ENGINES, TEST_PASSWORD } from '../testing/harness.ts';
import { randomUUID } from 'node:crypto';

/**
 * E1: an acknowledged write is never lost when the server is killed with SIGKILL. A child server
 * takes writes; we record each id only after its 201; we kill it at a random moment, restart it on
 * the same data, and require acked ⊆ stored and an intact audit chain. Several cycles, both engines.
 */
async function startServer(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['bin/stillpoint.mjs', 'start', '--no-seed'], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', STILLPOINT_BACKUP_HOURS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  return { child, base };
}

async function signIn(base: string, email: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

describe.each(ENGINES)('crash safety on %s', (engine) => {
  it('keeps every acknowledged write across kill -9 and restart; the audit chain verifies', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-crash-'));
    const env =
      engine === 'postgres'
        ? { DATABASE_URL: process.env.TEST_DATABASE_URL! }
        : { STILLPOINT_DATA_DIR: dataDir, DATABASE_URL: '' };
    const tag = randomUUID().slice(0, 8);
    const admin = `crash-admin-${tag}@test.example`;
    const writer = `crash-fd-${tag}@test.example`;
    {
      const d = await openDatabase(
        engine === 'postgres' ? { databaseUrl: process.env.TEST_DATABASE_URL! } : { dataDir },
      );
      const [c] = await d.db
        .insert(clinics)
        .values({ name: `Crash ${tag}` })
        .returning();
      const passwordHash = await hashPassword(TEST_PASSWORD);
      await d.db.insert(users).values([
        { clinicId: c!.id, email: admin, name: 'Admin', role: 'admin', passwordHash },
        { clinicId: c!.id, email: writer, name: 'Writer', role: 'frontdesk', passwordHash },
      ]);
      await d.close();
    }
    const acked: string[] = [];
    let attempted = 0;
    for (let cycle = 0; cycle < 3; cycle++) {
      const { child, base } = await startServer(env);
      const cookie = await signIn(base, writer);
      const killAt = Date.now() + 300 + Math.random() * 900;
      let killed = false;
      const exited = new Promise((r) => child.on('exit', r));
      const load = (async () => {
        while (!killed) {
          attempted++;
          try {
            const res = await fetch(`${base}/api/v1/patients`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', cookie, 'x-requested-with': 'crash' },
              body: JSON.stringify({
                givenName: `C${cycle}n${attempted}`,
                familyName: 'Crash',
                birthDate: '1970-01-01',
                sex: 'other',
                // Names differ by a digit: not duplicates for this test.
                confirmNotDuplicate: true,
              }),
            });
            if (res.status === 201) acked.push(((await res.json()) as { id: string }).id);
          } catch {
            // connection cut by the kill: not acknowledged
          }
        }
      })();
      while (Date.now() < killAt) await new Promise((r) => setTimeout(r, 20));
      child.kill('SIGKILL');
      killed = true;
      await exited;
      await load;
    }
    expect(acked.length).toBeGreaterThan(5);
    const { child, base } = await startServer(env);
    try {
      const cookie = await signIn(base, admin);
      // Every acknowledged write is there (read one by one: a search result would be capped).
      const missing: string[] = [];
      for (const id of acked) {
        const res = await fetch(`${base}/api/v1/patients/${id}`, { headers: { cookie } });
        if (res.status !== 200) missing.push(id);
      }
      expect(missing).toEqual([]);
      expect(acked.length).toBeLessThanOrEqual(attempted);
      const verify = (await (await fetch(`${base}/api/v1/audit/verify`, { headers: { cookie } })).json()) as {
        ok: boolean;
        checked: number;
      };
      expect(verify.ok).toBe(true);
      expect(verify.checked).toBeGreaterThanOrEqual(acked.length);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.on('exit', r));
    }
  }, 180_000);
});
