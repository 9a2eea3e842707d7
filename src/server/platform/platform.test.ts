import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { acquireDataDirLock, DataDirLockedError } from '../db/lock.ts';
import { loadConfig, ConfigError } from './config.ts';
import { hashPassword, needsRehash, passwordProblem, verifyPassword } from './passwords.ts';
import { SecretBox } from './secrets.ts';
import { describePostgres } from '../testing/engines.ts';

describe('data directory lock', () => {
  it('refuses a second holder, naming the PID, and takes over a stale lock', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-lock-'));
    const release = acquireDataDirLock(dir);
    fs.writeFileSync(path.join(dir, 'stillpoint.lock'), String(process.ppid));
    try {
      acquireDataDirLock(dir);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DataDirLockedError);
      expect((err as Error).message).toContain(`PID ${process.ppid}`);
    }
    fs.writeFileSync(path.join(dir, 'stillpoint.lock'), '999999999');
    const again = acquireDataDirLock(dir);
    expect(fs.readFileSync(path.join(dir, 'stillpoint.lock'), 'utf8')).toBe(String(process.pid));
    again();
    release();
    expect(fs.existsSync(path.join(dir, 'stillpoint.lock'))).toBe(false);
  });

  it('makes a second `stillpoint migrate` on a directory in use exit non-zero with a clear message', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-lock-'));
    fs.writeFileSync(path.join(dir, 'stillpoint.lock'), String(process.pid));
    const child = spawn(process.execPath, ['bin/stillpoint.mjs', 'migrate', '--data-dir', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(err).toContain(`in use by another Stillpoint process (PID ${process.pid})`);
    expect(fs.existsSync(path.join(dir, 'pgdata'))).toBe(false);
  });
});

describe('configuration', () => {
  it('uses the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      staffIdleMinutes: 15,
      patientIdleMinutes: 30,
      sessionAbsoluteHours: 12,
      databaseUrl: null,
    });
    expect(c.dataDir).toBe(path.resolve('./data'));
  });
  it('refuses to start in production without a secret key or TLS in front', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', STILLPOINT_SECRET_KEY: 'k'.repeat(44) })).toThrow(
      /TLS/,
    );
    expect(
      loadConfig({
        NODE_ENV: 'production',
        STILLPOINT_SECRET_KEY: 'k'.repeat(44),
        STILLPOINT_TRUST_PROXY: 'true',
      }).trustProxy,
    ).toBe(true);
  });
  it('names the bad setting', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/postgres:\/\//);
    expect(() => loadConfig({ STILLPOINT_BACKUP_HOURS: '600' })).toThrow(/STILLPOINT_BACKUP_HOURS/);
    expect(() => loadConfig({ STILLPOINT_BACKUP_HOURS: 'daily' })).toThrow(/STILLPOINT_BACKUP_HOURS/);
    expect(loadConfig({ STILLPOINT_BACKUP_HOURS: '0.5' }).backupHours).toBe(0.5);
    expect(loadConfig({}).backupHours).toBe(24);
    expect(loadConfig({}).backupKeep).toBe(7);
    expect(loadConfig({ STILLPOINT_BACKUP_KEEP: '30' }).backupKeep).toBe(30);
    for (const bad of ['0', '2.5', 'all'])
      expect(() => loadConfig({ STILLPOINT_BACKUP_KEEP: bad })).toThrow(/STILLPOINT_BACKUP_KEEP/);
  });
});

describe('passwords', () => {
  it('hashes with argon2id at OWASP parameters', async () => {
    const h = await hashPassword('a perfectly fine passphrase');
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(needsRehash(h)).toBe(false);
    expect(needsRehash('$argon2id$v=19$m=4096,t=1,p=1$abc$def')).toBe(true);
  });

  it('accepts any 15–128 code point password (emoji, spaces) and verifies it byte-exactly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', minLength: 15, maxLength: 40 }), async (pw) => {
        fc.pre([...pw].length >= 15 && [...pw].length <= 128 && passwordProblem(pw) === null);
        const h = await hashPassword(pw);
        expect(await verifyPassword(h, pw)).toBe(true);
        expect(await verifyPassword(h, pw + ' ')).toBe(false);
      }),
      { numRuns: 15 },
    );
  });

  it('does not truncate: a long password with the same 72-byte prefix does not verify', async () => {
    const prefix = 'x'.repeat(72);
    const h = await hashPassword(`${prefix}-first`);
    expect(await verifyPassword(h, `${prefix}-second`)).toBe(false);
  });

  it('refuses short, common and context passwords with a message that says what to do', () => {
    expect(passwordProblem('short')).toMatch(/at least 12/);
    expect(passwordProblem('password1234')).toMatch(/too common/);
    expect(passwordProblem('Stillpoint2026')).toMatch(/tied to this service/);
    expect(passwordProblem('riverside-clinic-99', ['Riverside Clinic'])).toMatch(/tied to/);
    expect(passwordProblem('aaaaaaaaaaaaaaaa')).toMatch(/too common/);
    expect(passwordProblem('ten green bottles on the wall')).toBeNull();
  });

  it('refuses the clinic’s name and the user’s own words however they are joined', () => {
    const context = ['maria.lopez', 'Maria Lopez', 'Prairie Spine & Osteopathic Clinic'];
    for (const pw of [
      'PrairieSpineOsteopathicClinic',
      'PrairieSpineOsteopathic',
      'prairiespine2026!',
      'Spine-Prairie-Clinic',
      'OsteopathicPrairie#1',
      'MariaLopez1984!!',
      'lopez.maria.prairie',
    ])
      expect(passwordProblem(pw, context), pw).toMatch(/tied to this service or your account/);
    // A passphrase of the person's own that happens to contain a context word is fine.
    expect(passwordProblem('prairie dogs dig long tunnels', context)).toBeNull();
    expect(passwordProblem('ten green bottles on the wall', context)).toBeNull();
  });
});

describe('secret box', () => {
  it('round-trips and detects tampering', () => {
    const box = SecretBox.fromConfig('key material', null);
    const sealed = box.seal('JBSWY3DPEHPK3PXPJBSWY3DP');
    expect(sealed).not.toContain('JBSWY3DP');
    expect(box.open(sealed)).toBe('JBSWY3DPEHPK3PXPJBSWY3DP');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered!').toString('base64');
    expect(() => box.open(parts.join('.'))).toThrow();
    expect(() => SecretBox.fromConfig('another key', null).open(sealed)).toThrow();
  });
});

describe('PostgreSQL durability settings', () => {
  it('names each weakened setting and accepts the defaults', async () => {
    const { durabilityProblems } = await import('../db/connect.ts');
    expect(durabilityProblems({ fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on' })).toEqual([]);
    const bad = durabilityProblems({ fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' });
    expect(bad).toHaveLength(3);
    expect(bad.join(' ')).toMatch(/fsync.*synchronous_commit.*full_page_writes/);
  });
});

describePostgres('PostgreSQL durability settings of the server on %s', () => {
  it('reads the real server settings (the CI server keeps the safe defaults)', async () => {
    const { openDatabase, readDurabilitySettings, durabilityProblems } = await import('../db/connect.ts');
    const d = await openDatabase({ databaseUrl: process.env.TEST_DATABASE_URL!, migrate: false });
    try {
      const s = await readDurabilitySettings(d.db);
      expect(Object.keys(s).sort()).toEqual(['fsync', 'full_page_writes', 'synchronous_commit']);
      expect(durabilityProblems(s)).toEqual([]);
    } finally {
      await d.close();
    }
  });
});
