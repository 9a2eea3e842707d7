import fs from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { sql } from 'drizzle-orm';
import { PGlite } from '@electric-sql/pglite';
import { ConfigError, configFromProcess, VERSION, type Config } from './server/platform/config.ts';
import {
  durabilityProblems,
  openDatabase,
  readDurabilitySettings,
  type Database,
} from './server/db/connect.ts';
import { DataDirLockedError } from './server/db/lock.ts';
import { buildApp } from './server/app.ts';
import { startJobs } from './server/platform/jobs.ts';
import { isEmpty, seedDemo, SeedRefusedError } from './server/seed/demo.ts';
import { verifyAuditChain } from './server/platform/audit.ts';
import { clinics } from './server/db/schema.ts';
import { createUser } from './server/features/admin/service.ts';
import { HttpError } from './server/platform/errors.ts';
import {
  BackupError,
  cleanDump,
  dumpSql,
  openBackup,
  sealBackup,
  writeRollingBackup,
} from './server/db/backup.ts';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { cube } from '@electric-sql/pglite/contrib/cube';
import { earthdistance } from '@electric-sql/pglite/contrib/earthdistance';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { ROLES } from './server/platform/context.ts';
import { importRegistryFile } from './server/features/directory/index.ts';
import { createLogger, safeError, type SafeError } from './server/platform/logging.ts';

const program = new Command();
program.name('stillpoint').description('Stillpoint OMT clinic platform').version(VERSION);

const out = (msg: string) => process.stdout.write(msg + '\n');

/** Flags map onto the same settings as the environment variables. */
function withDbFlags(cmd: Command) {
  return cmd
    .addOption(new Option('--data-dir <dir>', 'embedded database folder').env('STILLPOINT_DATA_DIR'))
    .addOption(new Option('--database-url <url>', 'postgres://… to use PostgreSQL').env('DATABASE_URL'));
}

function configFrom(opts: { dataDir?: string; databaseUrl?: string; port?: string }): Config {
  return configFromProcess({
    STILLPOINT_DATA_DIR: opts.dataDir,
    DATABASE_URL: opts.databaseUrl,
    PORT: opts.port,
  });
}

async function withDb<T>(config: Config, fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

const deps = (config: Config, database: Database) => ({ config, db: database.db });
const cliCtx = (now: Date) => ({
  requestId: 'cli',
  user: null,
  via: 'anonymous' as const,
  ip: '127.0.0.1',
  userAgent: 'stillpoint cli',
  now,
});

withDbFlags(
  program
    .command('start')
    .description('Serve the web app and API (seeds the demo clinic into an empty database)'),
)
  .addOption(new Option('--port <port>', 'HTTP port').env('PORT'))
  .option('--no-seed', 'do not seed the demo clinic into an empty database')
  .action(async (opts: { dataDir?: string; databaseUrl?: string; port?: string; seed: boolean }) => {
    const config = configFrom(opts);
    const database = await openDatabase({
      databaseUrl: config.databaseUrl,
      replicaUrl: config.databaseReplicaUrl,
      dataDir: config.dataDir,
    });
    const log = createLogger({ level: config.logLevel });
    if (opts.seed && config.nodeEnv !== 'production' && (await isEmpty({ db: database.db }))) {
      out('Empty database: seeding the demo clinic…');
      await seedDemo(deps(config, database), (m) => out(`  ${m}`));
      out(
        'Demo clinic ready. Sign in as admin@, clinician@, frontdesk@ or patient@example.com with password stillpoint-demo.',
      );
    }
    if (database.kind === 'postgres') {
      const problems = durabilityProblems(await readDurabilitySettings(database.db));
      for (const p of problems)
        log.warn(`PostgreSQL durability: ${p} Turn it back on unless you accept that risk.`);
      if (problems.length && config.nodeEnv === 'production' && !config.acceptWeakDurability) {
        throw new UsageError(
          `Refusing to start in production: ${problems.join(' ')} (set STILLPOINT_ACCEPT_WEAK_DURABILITY=true to accept).`,
        );
      }
    }
    const app = await buildApp({ config, database });
    // The jobs the features registered (message delivery, waiting-list holds); stopped by app.close().
    await startJobs(app.deps);
    if (database.kind === 'pglite') {
      log.warn(
        `Embedded database in ${config.dataDir}: survives a crash of the app, but not necessarily a power loss or OS crash (PGlite does not fsync). Use PostgreSQL (DATABASE_URL) for a clinic that cannot lose recent work; see "Choosing a database" in the README.`,
      );
    }
    let timer: NodeJS.Timeout | null = null;
    if (database.pglite) {
      const hours = config.backupHours;
      if (hours > 0) {
        // One at a time: a backup still running when the next is due lets that one pass.
        let running = false;
        timer = setInterval(() => {
          if (running) return;
          running = true;
          writeRollingBackup(
            database.pglite!,
            config.dataDir,
            config.backupKey,
            new Date(),
            config.backupKeep,
          )
            .then((f) => log.info({ file: path.basename(f) }, 'automatic backup written'))
            .catch((err: unknown) => log.error({ err }, 'automatic backup failed'))
            .finally(() => (running = false));
        }, hours * 3600_000);
        timer.unref();
      }
    }
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info(`${signal}: shutting down`);
      if (timer) clearInterval(timer);
      await app.close();
      await database.close();
      process.exit(0);
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
    const address = await app.listen({ port: config.port, host: config.host });
    out(`Stillpoint ${VERSION} on ${address.replace('0.0.0.0', '127.0.0.1')} (${database.kind})`);
  });

withDbFlags(program.command('migrate').description('Apply database migrations')).action(async (opts) => {
  const config = configFrom(opts as object);
  await withDb(config, async (d) => out(`Migrations applied (${d.kind}).`));
});

withDbFlags(program.command('seed').description('Seed data into an empty database'))
  .option('--demo', 'the demo clinic of the API contract')
  .action(async (opts: { demo?: boolean; dataDir?: string; databaseUrl?: string }) => {
    if (!opts.demo) throw new UsageError('Say what to seed: stillpoint seed --demo');
    const config = configFrom(opts);
    await withDb(config, async (d) => {
      await seedDemo(deps(config, d), (m) => out(`  ${m}`));
      out('Demo clinic seeded.');
    });
  });

const directory = program.command('directory').description('The public directory of DOs');
withDbFlags(
  directory
    .command('import')
    .description(
      'Import osteopathic physicians from an NPI registry (NPPES) CSV file: upserted by NPI, geocoded by ZIP, never bookable',
    )
    .argument('<file>', 'the NPPES CSV (npidata_pfile_….csv or a file in its layout)'),
).action(async (file: string, opts: { dataDir?: string; databaseUrl?: string }) => {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile())
    throw new UsageError(`No file at ${file}: give the path of the NPPES CSV.`);
  const config = configFrom(opts);
  await withDb(config, async (d) => {
    const tty = process.stderr.isTTY;
    const report = await importRegistryFile(d.db, file, {
      now: new Date(),
      onProgress: (r) => {
        const skipped = Object.values(r.skipped).reduce((a, b) => a + b, 0);
        const line = `  ${r.rows.toLocaleString('en-US')} rows read, ${r.imported.toLocaleString('en-US')} imported, ${skipped.toLocaleString('en-US')} skipped (${Math.round(r.rows / Math.max(r.seconds, 0.001)).toLocaleString('en-US')} rows/s)`;
        process.stderr.write(tty ? `\r${line}` : `${line}\n`);
      },
    });
    if (tty) process.stderr.write('\n');
    out(
      `Imported ${report.imported} physicians (${report.inserted} new, ${report.updated} updated) from ${report.rows} rows in ${report.seconds.toFixed(1)} s (${Math.round(report.rows / Math.max(report.seconds, 0.001))} rows/s).`,
    );
    if (report.notGeocoded)
      out(
        `  ${report.notGeocoded} have a ZIP code we cannot place: they are found by name, not by distance.`,
      );
    for (const [reason, n] of Object.entries(report.skipped)) out(`  skipped ${n}: ${reason}`);
    for (const ex of report.examples.slice(0, 10)) out(`    line ${ex.line}: ${ex.reason}`);
  });
});

const clinic = program.command('clinic').description('Clinics (tenants)');
withDbFlags(clinic.command('create').description('Create a clinic'))
  .requiredOption('--name <name>', 'clinic name')
  .option('--time-zone <zone>', 'IANA time zone', 'America/New_York')
  .action(async (opts: { name: string; timeZone: string; dataDir?: string; databaseUrl?: string }) => {
    const config = configFrom(opts);
    await withDb(config, async (d) => {
      const [c] = await d.db.insert(clinics).values({ name: opts.name, timeZone: opts.timeZone }).returning();
      out(`Clinic created: ${c!.id} (${c!.name})`);
    });
  });

const user = program.command('user').description('User accounts');
withDbFlags(user.command('create').description('Create a user of any role'))
  .requiredOption('--email <email>')
  .requiredOption('--name <name>')
  .addOption(new Option('--role <role>').choices([...ROLES]).makeOptionMandatory())
  .option('--clinic <idOrName>', 'clinic id or exact name (default: the only clinic)')
  .option('--patient-id <id>', 'the patient record (patient role)')
  .addOption(
    new Option('--password <password>', 'initial password')
      .env('STILLPOINT_NEW_PASSWORD')
      .makeOptionMandatory(),
  )
  .action(
    async (opts: {
      email: string;
      name: string;
      role: (typeof ROLES)[number];
      clinic?: string;
      patientId?: string;
      password: string;
      dataDir?: string;
      databaseUrl?: string;
    }) => {
      const config = configFrom(opts);
      await withDb(config, async (d) => {
        const all = await d.db.select().from(clinics);
        const target = opts.clinic
          ? all.find((c) => c.id === opts.clinic || c.name === opts.clinic)
          : all.length === 1
            ? all[0]
            : undefined;
        if (!target)
          throw new UsageError(
            all.length
              ? `Name the clinic with --clinic (one of: ${all.map((c) => `"${c.name}"`).join(', ')}).`
              : 'Create a clinic first: stillpoint clinic create --name "…"',
          );
        const u = await createUser(
          { config, database: d, db: d.db } as never,
          cliCtx(config.now()),
          target.id,
          {
            email: opts.email,
            name: opts.name,
            role: opts.role,
            password: opts.password,
            patientId: opts.patientId ?? null,
          },
        );
        out(`User created: ${u.id} ${u.email} (${u.role}) in ${target.name}`);
      });
    },
  );

const audit = program.command('audit').description('Audit trail');
withDbFlags(
  audit.command('verify').description('Verify the hash chains of the audit trail (exit 1 on tampering)'),
).action(async (opts) => {
  const config = configFrom(opts as object);
  await withDb(config, async (d) => {
    const res = await verifyAuditChain(d.db, {
      onProgress: (n) => process.stderr.write(`\r  checked ${n} entries`),
    });
    process.stderr.write('\n');
    if (res.ok) {
      out(`Audit trail intact: ${res.checked} entries verified.`);
    } else {
      for (const p of res.problems) out(`TAMPERED ${p.chain} #${p.seq}: ${p.message}`);
      out(`Audit trail check FAILED: ${res.problems.length} problem(s) in ${res.checked} entries.`);
      process.exitCode = 1;
    }
  });
});

withDbFlags(
  program
    .command('backup')
    .description('Write a consistent backup of the embedded database (stop the server first)'),
)
  .option('--out <file>', 'output file', `stillpoint-backup-${new Date().toISOString().slice(0, 10)}.spbak`)
  .action(async (opts: { out: string; dataDir?: string; databaseUrl?: string }) => {
    const config = configFrom(opts);
    if (config.databaseUrl) {
      out('On PostgreSQL use its own tools, for example:');
      out('  pg_dump --format=custom --file=stillpoint.dump "$DATABASE_URL"');
      out('  pg_restore --clean --if-exists --dbname="$DATABASE_URL" stillpoint.dump');
      out('and WAL archiving for point-in-time recovery (see "Backups" in the README).');
      return;
    }
    await withDb(config, async (d) => {
      process.stderr.write('  dumping…\n');
      const sqlText = await dumpSql(d.pglite!);
      const key = config.backupKey;
      fs.writeFileSync(opts.out, sealBackup(sqlText, key, new Date()), { mode: 0o600 });
      out(
        `Backup written to ${path.resolve(opts.out)} (${(fs.statSync(opts.out).size / 1024).toFixed(0)} KiB${key ? ', encrypted' : ', NOT encrypted: set STILLPOINT_BACKUP_KEY to encrypt'}).`,
      );
    });
  });

withDbFlags(program.command('restore').description('Restore a backup into an empty embedded data directory'))
  .argument('<file>', 'backup file')
  .option(
    '--sql-out <file>',
    'only decrypt and check the backup, writing plain SQL here (for psql into PostgreSQL)',
  )
  .action(async (file: string, opts: { dataDir?: string; databaseUrl?: string; sqlOut?: string }) => {
    const config = configFrom(opts);
    const { sql: sqlText, header } = openBackup(fs.readFileSync(file), config.backupKey);
    out(`Backup of ${header.createdAt}: digest verified.`);
    if (opts.sqlOut) {
      // cleanDump again: a backup written before its search-path fix restores into PostgreSQL too.
      fs.writeFileSync(opts.sqlOut, cleanDump(sqlText), { mode: 0o600 });
      out(
        `Plain SQL written to ${opts.sqlOut}. Into PostgreSQL: psql -v ON_ERROR_STOP=1 "$DATABASE_URL" -f ${opts.sqlOut}`,
      );
      return;
    }
    if (config.databaseUrl)
      throw new UsageError('Restore into PostgreSQL with --sql-out and psql (see the README).');
    const pgdata = path.join(config.dataDir, 'pgdata');
    if (fs.existsSync(pgdata) && fs.readdirSync(pgdata).length > 0) {
      throw new UsageError(
        `${config.dataDir} already holds a database. Restore into a new folder (--data-dir) and switch to it; nothing is overwritten.`,
      );
    }
    const { acquireDataDirLock } = await import('./server/db/lock.ts');
    const release = acquireDataDirLock(config.dataDir);
    try {
      const pg = await PGlite.create(pgdata, { extensions: { btree_gist, pg_trgm, cube, earthdistance } });
      process.stderr.write('  loading…\n');
      await pg.exec(sqlText);
      await pg.close();
    } finally {
      release();
    }
    await withDb(config, async (d) => {
      const res = await verifyAuditChain(d.db);
      const counted = (await d.db.execute(sql`select count(*)::int as n from patients`)) as unknown as {
        rows: { n: number }[];
      };
      out(
        `Restored into ${config.dataDir}: ${counted.rows[0]?.n ?? 0} patients; audit trail ${res.ok ? 'intact' : 'BROKEN'} (${res.checked} entries).`,
      );
      if (!res.ok) process.exitCode = 1;
    });
  });

class UsageError extends Error {}

program.parseAsync(process.argv).catch((err: unknown) => {
  if (
    err instanceof UsageError ||
    err instanceof ConfigError ||
    err instanceof DataDirLockedError ||
    err instanceof SeedRefusedError ||
    err instanceof BackupError
  ) {
    process.stderr.write(`stillpoint: ${err.message}\n`);
  } else if (err instanceof HttpError) {
    process.stderr.write(`stillpoint: ${err.detail}\n`);
  } else {
    failedUnexpectedly(err, 'the command failed');
  }
  process.exit(1);
});

/** `DrizzleQueryError (insert users) <- DatabaseError 22P02`: what failed, without any value. */
function describeError(e: SafeError | undefined): string {
  const parts: string[] = [];
  for (let at = e, above: SafeError | undefined; at; above = at, at = at.cause) {
    const statement = at.statement !== above?.statement ? at.statement : undefined;
    const extra = [statement, at.code, at.constraint && `constraint ${at.constraint}`].filter(Boolean);
    parts.push(extra.length ? `${at.type} (${extra.join(', ')})` : at.type);
  }
  return parts.join(' <- ');
}

/**
 * An error we did not expect: its class and codes on stderr, and a log line with its stack, never
 * its message (a database error quotes the values it refused: names, dates of birth, note text).
 */
function failedUnexpectedly(err: unknown, what: string) {
  createLogger({ level: 'error', stream: process.stderr }).error({ err }, what);
  process.stderr.write(
    `stillpoint: ${what}: ${describeError(safeError(err))}. The error's own text is not shown because it can quote patient data; if this keeps happening, report the codes above and the log line's stack.\n`,
  );
}

// Failures outside a command's own promise (a timer, a listener) end the process the same way.
process.on('uncaughtException', (err) => {
  failedUnexpectedly(err, 'unexpected error');
  process.exit(1);
});
process.on('unhandledRejection', (err) => {
  failedUnexpectedly(err, 'unhandled rejection');
  // A lost database connection rejected somewhere we do not await (pg-boss marking a job failed
  // while the server restarts) leaves nothing of ours half-done: the pool reconnects, requests
  // answer 5xx meanwhile, so a serving app keeps running (durability/crash.test.ts kills the
  // database under it). Anything else ends the process.
  if (!lostDatabaseConnection(err)) process.exit(1);
});

/** A socket-level loss of the database (reset, refused, closed) or its shutdown (SQLSTATE 57P0x, 08xxx). */
function lostDatabaseConnection(err: unknown): boolean {
  for (let at: unknown = err, depth = 0; at && typeof at === 'object' && depth < 5; depth++) {
    const { code, message, cause } = at as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string' && /^(ECONNRESET|ECONNREFUSED|EPIPE|57P0[1-3]|08...)$/.test(code))
      return true;
    if (typeof message === 'string' && message.startsWith('Connection terminated')) return true;
    at = cause;
  }
  return false;
}
