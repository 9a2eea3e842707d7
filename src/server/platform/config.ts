import path from 'node:path';
import { z } from 'zod';

/** Runtime configuration, from the environment (or CLI flags mapped onto the same names). */
export interface Config {
  port: number;
  host: string;
  /** PGlite data directory (embedded mode). */
  dataDir: string;
  /** `postgres://…` selects PostgreSQL instead of the embedded database. */
  databaseUrl: string | null;
  /**
   * `DATABASE_REPLICA_URL`: an optional streaming replica of `databaseUrl` for the reads that may be
   * a moment stale (public directory search); never used for a read that follows the caller's own
   * write. Without it those reads go to the primary.
   */
  databaseReplicaUrl: string | null;
  nodeEnv: 'development' | 'production' | 'test';
  /** Staff idle timeout default for new clinics, minutes (a clinic may change its own). */
  staffIdleMinutes: number;
  patientIdleMinutes: number;
  /** Absolute session lifetime, hours. */
  sessionAbsoluteHours: number;
  /** Key (32 bytes, base64 or hex) used to encrypt TOTP secrets at rest. */
  secretKey: string | null;
  /** Set when TLS ends at a reverse proxy in front of the app (cookies get `Secure`). */
  trustProxy: boolean;
  /** Days a portal invitation link stays valid (the same for every clinic). */
  portalInvitationDays: number;
  /** Hours an email-verification link of a self sign-up stays valid. */
  signupVerificationHours: number;
  /**
   * The address patients reach the app at, for links in email (`STILLPOINT_PUBLIC_URL`). Never taken
   * from the request's Host header, which a caller controls.
   */
  publicUrl: string | null;
  /** Emit request logs (pino). */
  logLevel: string;
  /** Email: `SMTP_URL` sends through an SMTP server; without it messages stay in the development mailbox. */
  mail: MailSettings;
  /** How often the background jobs run a pass (`STILLPOINT_JOBS_INTERVAL_MS`, at least 1 s). */
  jobsIntervalMs: number;
  /** Automatic backups of the embedded database, every this many hours (0 or less: none). */
  backupHours: number;
  /** How many automatic backups are kept, the newest (`STILLPOINT_BACKUP_KEEP`, default 7). */
  backupKeep: number;
  /** Passphrase that encrypts backups (`STILLPOINT_BACKUP_KEY`); without it they are plain SQL. */
  backupKey: string | null;
  /** Start in production although PostgreSQL's durability settings are weakened. */
  acceptWeakDurability: boolean;
  /** The clock. Tests inject a fake one. */
  now: () => Date;
  /**
   * End-to-end tests only (STILLPOINT_TEST_CLOCK=true, refused in production): moves the server's clock,
   * so a journey can book a visit for next month and then chart it "on the day".
   */
  testClock: { set: (at: Date) => void } | null;
  version: string;
}

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  STILLPOINT_DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
  DATABASE_REPLICA_URL: z.string().optional(),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  STILLPOINT_STAFF_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  STILLPOINT_PATIENT_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  STILLPOINT_SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  STILLPOINT_SECRET_KEY: z.string().optional(),
  STILLPOINT_TRUST_PROXY: z.enum(['true', 'false', '1', '0']).optional(),
  LOG_LEVEL: z.string().default('info'),
  STILLPOINT_INVITATION_DAYS: z.coerce.number().int().min(1).max(30).default(7),
  STILLPOINT_SIGNUP_VERIFY_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24)
    .default(24),
  STILLPOINT_PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^/?#\s]+\/?$/, 'an origin such as https://clinic.example.org')
    .optional(),
  STILLPOINT_TEST_CLOCK: z.enum(['true', 'false', '1', '0']).optional(),
  // setInterval's longest delay is 2^31 - 1 ms (about 596 hours); a longer one would fire every 1 ms.
  STILLPOINT_BACKUP_HOURS: z.coerce
    .number()
    .min(0)
    .max(500, 'at most 500 hours between automatic backups (0 turns them off)')
    .default(24),
  STILLPOINT_BACKUP_KEEP: z.coerce
    .number()
    .int('a whole number of backups')
    .min(1, 'keep at least 1 automatic backup')
    .max(1000, 'at most 1000 automatic backups')
    .default(7),
  // Read as they always were (an unreadable value falls back to the default, not an error).
  STILLPOINT_JOBS_INTERVAL_MS: z.string().optional(),
  STILLPOINT_BACKUP_KEY: z.string().optional(),
  STILLPOINT_ACCEPT_WEAK_DURABILITY: z.string().optional(),
});

export interface MailSettings {
  /** `smtp://user:pass@host:587` or `smtps://…`; null: the development mailbox. */
  smtpUrl: string | null;
  /** `SMTP_FROM`, the sender (and the organizer of invitations); null: a placeholder per clinic. */
  from: string | null;
}

/**
 * The email settings. Message templates run inside the transaction of the work that emits them,
 * where no app configuration is at hand, so they read these from the process environment here.
 */
export function mailSettings(env: NodeJS.ProcessEnv = process.env): MailSettings {
  return { smtpUrl: env.SMTP_URL?.trim() || null, from: env.SMTP_FROM?.trim() || null };
}

export const VERSION = '0.1.0';

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ConfigError(
      `Invalid setting ${String(first?.path.join('.'))}: ${first?.message ?? 'invalid'}. See "Configuration" in the README.`,
    );
  }
  const e = parsed.data;
  const databaseUrl = e.DATABASE_URL?.trim() ? e.DATABASE_URL.trim() : null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const databaseReplicaUrl = e.DATABASE_REPLICA_URL?.trim() ? e.DATABASE_REPLICA_URL.trim() : null;
  if (databaseReplicaUrl && !/^postgres(ql)?:\/\//.test(databaseReplicaUrl)) {
    throw new ConfigError('DATABASE_REPLICA_URL must start with postgres:// or postgresql://');
  }
  if (databaseReplicaUrl && !databaseUrl) {
    throw new ConfigError(
      'DATABASE_REPLICA_URL is a replica of the PostgreSQL server in DATABASE_URL: set DATABASE_URL too (the embedded database has no replicas).',
    );
  }
  const config: Config = {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.STILLPOINT_DATA_DIR),
    databaseUrl,
    databaseReplicaUrl,
    nodeEnv: e.NODE_ENV,
    staffIdleMinutes: e.STILLPOINT_STAFF_IDLE_MINUTES,
    patientIdleMinutes: e.STILLPOINT_PATIENT_IDLE_MINUTES,
    sessionAbsoluteHours: e.STILLPOINT_SESSION_MAX_HOURS,
    secretKey: e.STILLPOINT_SECRET_KEY ?? null,
    trustProxy: e.STILLPOINT_TRUST_PROXY === 'true' || e.STILLPOINT_TRUST_PROXY === '1',
    logLevel: e.LOG_LEVEL,
    portalInvitationDays: e.STILLPOINT_INVITATION_DAYS,
    signupVerificationHours: e.STILLPOINT_SIGNUP_VERIFY_HOURS,
    publicUrl: e.STILLPOINT_PUBLIC_URL?.replace(/\/$/, '') ?? null,
    mail: mailSettings(env),
    jobsIntervalMs: Math.max(1000, Number(e.STILLPOINT_JOBS_INTERVAL_MS ?? 15_000) || 15_000),
    backupHours: e.STILLPOINT_BACKUP_HOURS,
    backupKeep: e.STILLPOINT_BACKUP_KEEP,
    backupKey: e.STILLPOINT_BACKUP_KEY ?? null,
    acceptWeakDurability: e.STILLPOINT_ACCEPT_WEAK_DURABILITY === 'true',
    now: () => new Date(),
    testClock: null,
    version: VERSION,
    ...overrides,
  };
  if ((e.STILLPOINT_TEST_CLOCK === 'true' || e.STILLPOINT_TEST_CLOCK === '1') && !overrides.now) {
    let offsetMs = 0;
    config.now = () => new Date(Date.now() + offsetMs);
    config.testClock = { set: (at) => (offsetMs = at.getTime() - Date.now()) };
  }
  if (config.nodeEnv === 'production') {
    if (config.testClock)
      throw new ConfigError('STILLPOINT_TEST_CLOCK is for tests: remove it in production.');
    if (!config.secretKey) {
      throw new ConfigError('NODE_ENV=production needs STILLPOINT_SECRET_KEY (32 random bytes, base64).');
    }
    if (!config.trustProxy) {
      throw new ConfigError(
        'NODE_ENV=production needs TLS in front of the app: set STILLPOINT_TRUST_PROXY=true behind an https reverse proxy.',
      );
    }
  }
  return config;
}

/**
 * The configuration of this process: its environment, with command-line flags (mapped onto the
 * same variable names) on top. The only place outside tests that reads `process.env`.
 */
export function configFromProcess(flags: Record<string, string | undefined> = {}): Config {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [name, value] of Object.entries(flags)) if (value) env[name] = value;
  return loadConfig(env);
}

export class ConfigError extends Error {}
