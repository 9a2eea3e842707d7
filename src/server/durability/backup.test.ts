import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openBackup, sealBackup, BackupError } from '../db/backup.ts';

const run = promisify(execFile);
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  run(process.execPath, ['bin/stillpoint.mjs', ...args], {
    env: { ...process.env, DATABASE_URL: '', ...env },
  });

describe('backup and restore of the embedded database', () => {
  it('round-trips the demo clinic through an encrypted backup; the audit chain still verifies', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-backup-'));
    const src = path.join(tmp, 'src');
    const dst = path.join(tmp, 'dst');
    const file = path.join(tmp, 'b.spbak');
    const env = { STILLPOINT_BACKUP_KEY: 'correct key for the test backup' };
    await cli(['seed', '--demo', '--data-dir', src]);
    const b = await cli(['backup', '--data-dir', src, '--out', file], env);
    expect(b.stdout).toContain('encrypted');
    const raw = fs.readFileSync(file);
    expect(raw.toString('utf8')).not.toContain('Alvarez');
    const r = await cli(['restore', file, '--data-dir', dst], env);
    expect(r.stdout).toContain('digest verified');
    expect(r.stdout).toMatch(/Restored into .*: 20 patients; audit trail intact/);
    const v = await cli(['audit', 'verify', '--data-dir', dst]);
    expect(v.stdout).toMatch(/Audit trail intact: \d+ entries verified/);
    // Restoring over an existing database is refused; a wrong key is refused.
    await expect(cli(['restore', file, '--data-dir', dst], env)).rejects.toMatchObject({
      stderr: expect.stringContaining('already holds a database'),
    });
    await expect(
      cli(['restore', file, '--data-dir', path.join(tmp, 'x')], { STILLPOINT_BACKUP_KEY: 'wrong' }),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining('could not be decrypted'),
    });
  }, 120_000);

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
