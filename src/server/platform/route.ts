import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Tx } from '../db/connect.ts';
import type { AuthedContext, RequestContext, Role } from './context.ts';
import type { PatientAccess, PatientLoad } from './access.ts';
import type { Opened, SubjectKind } from './subjects.ts';
import type { UnitOptions } from './unit.ts';
import type { AuditJsonRow } from './audit.ts';

/**
 * Who may call a route. `public` needs no session; otherwise the caller must be signed in
 * (cookie or bearer token, MFA completed where required) and hold one of `roles`.
 * Default deny: a route without an access rule cannot be registered.
 */
export type Access = { public: true } | { roles: readonly Role[] };

/**
 * What a signed-in route opens. Every such route declares it; the app refuses to start otherwise.
 * - a record kind on a path parameter (`{ kind: encounterSubject, param: 'id' }`): the platform
 *   finds the record in the caller's clinic, opens its patient through the compartment rule, and
 *   hands the handler `ctx.subject` (and `ctx.patient`); any miss is an audited 404;
 * - `'clinic'`: lists, searches or creates across the clinic's patients; the handler filters with
 *   the platform's visibility rule (`access.ts`) and the success is audited;
 * - `'none'`: touches no patient data (reference data, the caller's own account, settings).
 */
export type SubjectDecl =
  | 'none'
  | 'clinic'
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  | RecordSubject<any, any>;

export interface RecordSubject<R, P extends boolean> {
  kind: SubjectKind<R, P>;
  /** The path parameter holding the record's id. */
  param: string;
  /** For patients: what to read with the row (e.g. its lists) in the same statement as the check. */
  load?: PatientLoad;
  /**
   * For a GET of a patient record whose answer is what it opened: the statement that opens the
   * record also writes the route's success entry (only when the access rule lets the caller in;
   * the handler writes none) and checks a session remembered by this process against the database
   * — one statement for the whole audited read (`opening.ts`).
   */
  auditOnOpen?: boolean;
}

/** Says what the success entry of `ctx.work` records beyond the route's declaration. */
export interface EntryNote {
  resourceType?: string;
  resourceId?: string | null;
  patientId?: string | null;
  details?: Record<string, unknown>;
}

/**
 * The success entry of a unit of work, for work that stores it in its own last statement: `insert()`
 * is the entry's INSERT (as `entry` says it now: fill `entry` in first) to embed in that statement
 * as a data-modifying CTE. The unit then writes no entry of its own, so the statement must run in
 * the work (a work that takes the entry and does not store it has none).
 */
export interface SuccessEntry {
  insert: () => SQL;
  /** The entry as a row of a JSON array, for a statement built once (`auditRowsInsert`); taken as `insert()` is. */
  row: () => AuditJsonRow;
}

/**
 * The audited unit of work of a route: one transaction (retried on serialization failures and
 * deadlocks) in which the handler's work and the route's success audit entry (action from
 * `audit`, subject and patient from `subject`, emergency access from the grant) commit together.
 * `fn` may fill in `entry` (details, or the id of a record it created), and may store the entry in
 * a statement of its own work (`success`) instead of a statement after it.
 */
export type Work = <T>(
  fn: (tx: Tx, entry: EntryNote, success: SuccessEntry) => Promise<T>,
  opts?: UnitOptions,
) => Promise<T>;

/** The context of a signed-in route. */
export type SignedInContext = AuthedContext & { work: Work };

/** The context of a route that opened a record. */
export type OpenedContext<R, P extends boolean> = SignedInContext & {
  subject: Opened<R, P>;
  patient: P extends true ? PatientAccess : PatientAccess | null;
};

/** The handler's context, typed by the route's access and subject: no casts in features. */
export type ContextFor<A extends Access, S> = A extends { public: true }
  ? RequestContext
  : S extends RecordSubject<infer R, infer P>
    ? OpenedContext<R, P>
    : SignedInContext;

export interface RouteInput<B, Q, P> {
  body: B;
  query: Q;
  params: P;
}

export interface RouteDefinition<
  B extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  P extends z.ZodType = z.ZodType,
  A extends Access = Access,
  S extends SubjectDecl | undefined = SubjectDecl | undefined,
> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Fastify path, e.g. `/api/v1/patients/:id`. */
  url: string;
  summary: string;
  tags: string[];
  access: A;
  /** What the route opens; required for every signed-in route (see `SubjectDecl`). */
  subject?: S;
  body?: B;
  query?: Q;
  params?: P;
  /** Status of a successful answer (default 200); used for the OpenAPI document. */
  successStatus?: number;
  /** A valid example body: shown in the OpenAPI document and sent by the security matrix test. */
  example?: unknown;
  /** Optional zod schema of the success body, for the OpenAPI document. */
  response?: z.ZodType;
  /**
   * The audit entry of this route: what a success (written by `ctx.work`, or by the platform after
   * the handler when the handler wrote none) and a refusal are recorded as. Required on routes
   * that open patient data.
   */
  audit?: { action: string; resourceType: string };
  /** Reachable while a password-only session still has to complete MFA (sign-in routes). */
  allowMfaPending?: boolean;
  /** State-changing route reachable without a session and without the CSRF header (login). */
  noCsrf?: boolean;
  /**
   * Manages credentials (tokens, passwords, MFA, users, clinic security settings): reachable with a
   * session only. A request with an API token gets 403 `session-required`, so a token can never
   * mint another token or change what signs in.
   */
  sessionOnly?: boolean;
  handler: (
    ctx: ContextFor<A, S>,
    input: RouteInput<z.infer<B>, z.infer<Q>, z.infer<P>>,
    req: FastifyRequest,
    reply: FastifyReply,
  ) => Promise<unknown>;
}

/** A route of the table, whatever its types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RouteDef = RouteDefinition<z.ZodType, z.ZodType, z.ZodType, Access, any>;
export type AnyRoute = RouteDef;

/** Identity helper that keeps the zod inference of each route and types its context. */
export function defineRoute<
  B extends z.ZodType,
  Q extends z.ZodType,
  P extends z.ZodType,
  const A extends Access,
  S extends SubjectDecl | undefined = undefined,
>(def: RouteDefinition<B, Q, P, A, S>): AnyRoute {
  return def as AnyRoute;
}

/** True when the route opens patient data (and so must declare its audit entry). */
export function opensPatientData(subject: SubjectDecl | undefined): boolean {
  if (subject === 'clinic') return true;
  if (!subject || subject === 'none') return false;
  return subject.kind.patientData !== false;
}

/**
 * Default deny, checked when the app starts: a signed-in route must say what it opens; a route
 * with path parameters opens a record kind on one of them; a route that opens patient data says
 * what its audit entry is. The app refuses to start with a route that breaks any of these.
 */
export function routeProblems(def: AnyRoute): string[] {
  const name = `${def.method} ${def.url}`;
  if ('public' in def.access) return [];
  const problems: string[] = [];
  const params = [...def.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const subject = def.subject as SubjectDecl | undefined;
  if (!subject) {
    problems.push(
      `${name} declares no subject: say what it opens (a record kind on a path parameter, 'clinic' for lists of patient data, or 'none').`,
    );
    return problems;
  }
  if (typeof subject === 'object') {
    if (!params.includes(subject.param))
      problems.push(`${name} opens ${subject.kind.name} by :${subject.param}, which is not in its path.`);
    if (subject.auditOnOpen && (def.method !== 'GET' || subject.kind.name !== 'patient' || !def.audit))
      problems.push(
        `${name} declares auditOnOpen, which only a GET of a patient record that declares its audit entry can.`,
      );
  } else if (params.length > 0) {
    problems.push(
      `${name} has path parameters (${params.map((p) => ':' + p).join(', ')}) but opens no record kind: declare the kind its id belongs to.`,
    );
  }
  if (opensPatientData(subject) && !def.audit)
    problems.push(
      `${name} opens patient data but declares no audit entry (audit: { action, resourceType }).`,
    );
  return problems;
}
