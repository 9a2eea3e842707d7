import { createCipheriv, createDecipheriv, createHash, randomBytes, scryptSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { pgDump } from '@electric-sql/pglite-tools';

/**
 * Backups of the embedded database: a portable SQL dump (pg_dump, INSERT form) that restores into
 * PGlite or PostgreSQL, with a SHA-256 digest, optionally encrypted (AES-256-GCM, key from a
 * passphrase). File layout: a one-line JSON header, then the payload.
 */
const MAGIC = 'STILLPOINT-BACKUP-1';

export interface BackupHeader {
  magic: typeof MAGIC;
  createdAt: string;
  sha256: string;
  encrypted: boolean;
  salt?: string;
  iv?: string;
  tag?: string;
}

/**
 * pg_dump speaks to PGlite's one session through the raw protocol, outside the lock that queries
 * and transactions take: run on the live instance, the app's queries land inside its read-only
 * transaction with `search_path = ''`, and the session can be left in an aborted transaction that
 * fails every later query. So the dump runs on a private copy of the data folder, taken while no
 * transaction is open (a consistent, committed state), and the live session is never touched.
 */
export async function dumpSql(pg: PGlite): Promise<string> {
  const copy = await pg._runExclusiveTransaction(() => pg.clone());
  try {
    const file = await pgDump({ pg: copy as PGlite, args: ['--inserts', '--no-owner', '--no-privileges'] });
    return cleanDump(await file.text());
  } finally {
    await copy.close();
  }
}

/** pg_dump's empty search path, set before it creates the tables and indexes. */
const EMPTY_SEARCH_PATH = "SELECT pg_catalog.set_config('search_path', '', false);";

/**
 * PG18's pg_dump writes psql meta-commands and a setting PG15 lacks; neither is SQL. And it
 * restores with an empty search path, under which earthdistance's own `ll_to_earth` cannot find
 * its `earth` type (the extension's functions are not schema-qualified), so building the
 * directory's distance index fails; every name the dump writes is qualified, so `public` is safe.
 */
export function cleanDump(sql: string): string {
  return sql
    .split('\n')
    .filter((l) => !l.startsWith('\\') && !/^SET transaction_timeout/.test(l))
    .map((l) =>
      l === EMPTY_SEARCH_PATH ? "SELECT pg_catalog.set_config('search_path', 'public', false);" : l,
    )
    .join('\n');
}

const keyFrom = (passphrase: string, salt: Buffer) => scryptSync(passphrase, salt, 32);

export function sealBackup(sql: string, passphrase: string | null, now: Date): Buffer {
  const sha256 = createHash('sha256').update(sql).digest('hex');
  if (!passphrase) {
    const header: BackupHeader = { magic: MAGIC, createdAt: now.toISOString(), sha256, encrypted: false };
    return Buffer.concat([Buffer.from(JSON.stringify(header) + '\n'), Buffer.from(sql)]);
  }
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(passphrase, salt), iv);
  const body = Buffer.concat([cipher.update(sql, 'utf8'), cipher.final()]);
  const header: BackupHeader = {
    magic: MAGIC,
    createdAt: now.toISOString(),
    sha256,
    encrypted: true,
    salt: salt.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
  return Buffer.concat([Buffer.from(JSON.stringify(header) + '\n'), body]);
}

export class BackupError extends Error {}

export function openBackup(data: Buffer, passphrase: string | null): { sql: string; header: BackupHeader } {
  const nl = data.indexOf(0x0a);
  let header: BackupHeader;
  try {
    header = JSON.parse(data.subarray(0, nl).toString('utf8')) as BackupHeader;
  } catch {
    throw new BackupError('This file is not a Stillpoint backup (no header).');
  }
  if (header.magic !== MAGIC) throw new BackupError('This file is not a Stillpoint backup.');
  const body = data.subarray(nl + 1);
  let sql: string;
  if (header.encrypted) {
    if (!passphrase)
      throw new BackupError('This backup is encrypted: give the key with STILLPOINT_BACKUP_KEY.');
    try {
      const decipher = createDecipheriv(
        'aes-256-gcm',
        keyFrom(passphrase, Buffer.from(header.salt!, 'base64')),
        Buffer.from(header.iv!, 'base64'),
      );
      decipher.setAuthTag(Buffer.from(header.tag!, 'base64'));
      sql = Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      throw new BackupError('The backup could not be decrypted: wrong key, or the file was altered.');
    }
  } else {
    sql = body.toString('utf8');
  }
  if (createHash('sha256').update(sql).digest('hex') !== header.sha256) {
    throw new BackupError('The backup is damaged: its SHA-256 digest does not match.');
  }
  return { sql, header };
}

/** Rolling automatic backups in `<dataDir>/backups`, newest `keep` kept. */
export async function writeRollingBackup(
  pg: PGlite,
  dataDir: string,
  passphrase: string | null,
  now: Date,
  keep = 7,
) {
  const dir = path.join(dataDir, 'backups');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `stillpoint-${now.toISOString().replace(/[:.]/g, '-')}.spbak`);
  fs.writeFileSync(file, sealBackup(await dumpSql(pg), passphrase, now), { mode: 0o600 });
  const all = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.spbak'))
    .sort();
  for (const old of all.slice(0, Math.max(0, all.length - keep))) fs.unlinkSync(path.join(dir, old));
  return file;
}
