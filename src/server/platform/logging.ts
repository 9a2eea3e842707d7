import pino, { type Logger } from 'pino';

/**
 * The one logger configuration of the app, the background jobs, message delivery and the CLI.
 *
 * Logs never carry patient data, request bodies or query values, whatever fails. Redaction is done
 * here, at the logger, not at each call: an error is logged as its class, SQLSTATE, constraint,
 * table and stack frames, never its message (a database error quotes the values it refused, and
 * drizzle's quotes the statement with its bound parameters); keys that hold bodies, secrets or
 * personal data are censored; a URL is its path.
 */

export const CENSORED = '[not logged]';

/** Keys whose values never reach a log line, at the top level and one level down. */
const SENSITIVE_KEYS = [
  'body',
  'payload',
  'query',
  'params',
  'parameters',
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'secret',
  'authorization',
  'cookie',
  'email',
  'toAddress',
  'phone',
  'birthDate',
  'dob',
  'givenName',
  'familyName',
  'address',
  'note',
  'text',
  'subject',
  'detail',
];

/** Paths censored by pino (after the serializers ran). */
export const REDACT_PATHS = [
  ...SENSITIVE_KEYS.flatMap((k) => [k, `*.${k}`]),
  // A top-level `name` is a person's; `code` stays (an SQLSTATE or errno, as in retry lines).
  'name',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
];

/** A path segment kept in a logged URL: ids, route words and file names, not free text. */
const SAFE_SEGMENT = /^\.?[a-z0-9_-]{1,64}(\.[a-z0-9]{1,10})*$/;

/**
 * Only the path of a URL: query strings can carry names or dates of birth, calendar-feed and
 * invitation URLs carry a secret, and a path segment that is not an id or a route word is replaced.
 */
export function redactUrl(url: string): string {
  return (url.split('?')[0] ?? '')
    .replace(/^\/api\/v1\/calendar\/[^/]+/, '/api/v1/calendar/[token]')
    .replace(/^\/(invite|verify-email)\/[^/]+/, '/$1/[token]')
    .split('/')
    .map((s) => (s === '' || s === '[token]' || SAFE_SEGMENT.test(s) ? s : '[…]'))
    .join('/');
}

/** What a log line says about an error: never its message, nor the query, parameters or detail. */
export interface SafeError {
  type: string;
  code?: string;
  statusCode?: number;
  severity?: string;
  constraint?: string;
  table?: string;
  column?: string;
  schema?: string;
  routine?: string;
  /** The statement's first keyword and table (`insert patients`), never its values. */
  statement?: string;
  stack?: string[];
  cause?: SafeError;
  errors?: SafeError[];
}

const GENERIC_NAMES = new Set(['Error', 'error', 'Object']);
const IDENT = /^[A-Za-z_][\w$]{0,62}$/;
const CODE = /^[A-Za-z0-9_]{1,40}$/;
const MAX_FRAMES = 12;
const MAX_DEPTH = 5;

const pick = (v: unknown, shape: RegExp) => (typeof v === 'string' && shape.test(v) ? v : undefined);

/** `insert patients`, `select users`: the kind of statement and its table, if the text shows them. */
function statementOf(query: unknown): string | undefined {
  if (typeof query !== 'string') return undefined;
  const text = query.trimStart();
  const keyword = /^([a-z]+)\b/i.exec(text)?.[1]?.toLowerCase();
  if (!keyword || keyword.length > 10) return undefined;
  const after: Record<string, RegExp> = {
    insert: /^insert\s+into\s+"?([a-z_][a-z0-9_]{0,62})"?/i,
    update: /^update\s+"?([a-z_][a-z0-9_]{0,62})"?/i,
    delete: /^delete\s+from\s+"?([a-z_][a-z0-9_]{0,62})"?/i,
    select: /\bfrom\s+"?([a-z_][a-z0-9_]{0,62})"?/i,
  };
  const table = after[keyword]?.exec(text)?.[1];
  return table ? `${keyword} ${table.toLowerCase()}` : keyword;
}

/** The stack's frames, without the first line(s), which repeat the message. */
function framesOf(e: { stack?: unknown; message?: unknown; name?: unknown }): string[] | undefined {
  if (typeof e.stack !== 'string') return undefined;
  let rest = e.stack;
  const message = typeof e.message === 'string' ? e.message : '';
  const header = `${String(e.name)}: ${message}`;
  if (message && rest.startsWith(header)) rest = rest.slice(header.length);
  else if (message) rest = rest.split('\n').slice(message.split('\n').length).join('\n');
  else rest = rest.split('\n').slice(1).join('\n');
  const frames = rest
    .split('\n')
    .filter((l) => /^\s+at \S/.test(l) && l.length < 400)
    .map((l) => l.trim());
  return frames.slice(0, MAX_FRAMES);
}

/**
 * The error as it may be logged: class, codes, constraint, table, the statement's kind and table,
 * stack frames and the cause chain, the same way. Message, query, parameters, detail, where, hint
 * and body are dropped whatever the error: they can quote the values that were refused.
 */
export function safeError(err: unknown, depth = 0, seen = new Set<unknown>()): SafeError {
  if (err === null || typeof err !== 'object') return { type: err === null ? 'null' : typeof err };
  // Already reduced (the logger's serializer runs again on what `scrubLogArgs` reduced).
  if (reduced.has(err)) return err as SafeError;
  if (seen.has(err)) return { type: 'Circular' };
  seen.add(err);
  const e = err as Record<string, unknown>;
  // A driver's error (pg's and PGlite's are both named `error`, PGlite's class name is minified) is
  // a DatabaseError; others are their class (DrizzleQueryError), else their name.
  const ctorName = pick((err as { constructor?: { name?: unknown } }).constructor?.name, IDENT);
  const named = [ctorName, pick(e.name, IDENT)].find((n) => n && n.length > 2 && !GENERIC_NAMES.has(n));
  const fromDriver = typeof e.severity === 'string' && /^[0-9A-Z]{5}$/.test(String(e.code));
  const out: SafeError = { type: fromDriver ? 'DatabaseError' : (named ?? 'Error') };
  const code = pick(e.code, CODE) ?? (typeof e.code === 'number' ? String(e.code) : undefined);
  if (code) out.code = code;
  if (typeof e.statusCode === 'number') out.statusCode = e.statusCode;
  const severity = pick(e.severity, /^[A-Z]{1,10}$/);
  if (severity) out.severity = severity;
  for (const key of ['constraint', 'table', 'column', 'schema', 'routine'] as const) {
    const v = pick(e[key], IDENT);
    if (v) out[key] = v;
  }
  const statement = statementOf(e.query);
  if (statement) out.statement = statement;
  const stack = framesOf(e);
  if (stack?.length) out.stack = stack;
  if (depth < MAX_DEPTH) {
    if (e.cause !== undefined) out.cause = safeError(e.cause, depth + 1, seen);
    if (Array.isArray(e.errors)) out.errors = e.errors.slice(0, 5).map((x) => safeError(x, depth + 1, seen));
  }
  reduced.add(out);
  return out;
}

const reduced = new WeakSet<object>();

const GENERIC = 'error (its message is not logged)';

/** All messages of an error and its causes (what a log message must not repeat). */
function messagesOf(err: unknown, depth = 0): string[] {
  if (!err || typeof err !== 'object' || depth > MAX_DEPTH) return [];
  const e = err as { message?: unknown; cause?: unknown; errors?: unknown };
  const own = typeof e.message === 'string' && e.message ? [e.message] : [];
  const nested = Array.isArray(e.errors) ? e.errors.flatMap((x) => messagesOf(x, depth + 1)) : [];
  return [...own, ...messagesOf(e.cause, depth + 1), ...nested];
}

/**
 * Before pino sees a call: an Error given on its own becomes `{ err }`; an Error under any other key
 * is reduced to `safeError`; when an error is present, a message that repeats its text or carries
 * interpolation arguments is replaced (pino would otherwise log the error's message as `msg`).
 */
export function scrubLogArgs(args: unknown[]): unknown[] {
  const [first, ...rest] = args;
  if (first instanceof Error) return scrubLogArgs([{ err: first }, ...rest]);
  if (!first || typeof first !== 'object' || Array.isArray(first)) return args;
  const obj: Record<string, unknown> = { ...(first as Record<string, unknown>) };
  const errors: unknown[] = [];
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'err') errors.push(v);
    else if (v instanceof Error) {
      errors.push(v);
      obj[k] = safeError(v);
    }
  }
  if (!errors.length) return [obj, ...rest];
  const texts = errors.flatMap((x) => messagesOf(x));
  const msg = rest[0];
  const keep = typeof msg === 'string' && rest.length === 1 && !texts.some((t) => msg.includes(t));
  return [obj, keep ? msg : GENERIC];
}

export interface LoggerOptions {
  /** `LOG_LEVEL` (config.logLevel). */
  level: string;
  /** Where lines go (default stdout; tests capture them). */
  stream?: NodeJS.WritableStream;
}

/** The logger: pino with the redaction above. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      redact: { paths: REDACT_PATHS, censor: CENSORED },
      serializers: {
        err: safeError,
        error: safeError,
        // Only id, method and path: headers, bodies and query strings stay out.
        req: (req: { id?: unknown; method?: unknown; url?: unknown }) => ({
          id: req.id,
          method: req.method,
          url: typeof req.url === 'string' ? redactUrl(req.url) : undefined,
        }),
        res: (res: { statusCode?: unknown }) => ({ statusCode: res.statusCode }),
      },
      hooks: {
        logMethod(args, method) {
          method.apply(this, scrubLogArgs(args) as Parameters<typeof method>);
        },
      },
    },
    options.stream ?? process.stdout,
  );
}
