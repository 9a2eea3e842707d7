import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import cookie from '@fastify/cookie';
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import { z } from 'zod';
import type { Config } from './platform/config.ts';
import type { Database } from './db/connect.ts';
import type { Deps } from './platform/deps.ts';
import { opensPatientData, routeProblems, type AnyRoute, type SubjectDecl } from './platform/route.ts';
import { openSubject, patientSubject, type Opened } from './platform/subjects.ts';
import { openPatientRead } from './platform/opening.ts';
import { plainPatient } from './platform/access.ts';
import { auditedWork, successEntry } from './platform/work.ts';
import { SecretBox } from './platform/secrets.ts';
import {
  HttpError,
  badRequest,
  forbidden,
  notFound,
  problemType,
  unauthorized,
  zodFieldErrors,
} from './platform/errors.ts';
import { authenticate, baseContext, type SessionProof } from './platform/session.ts';
import { MAX_PROBLEMS, acceptText, checkText, cleanText, textRefusal } from './platform/text.ts';
import { startAuditSealer, writeAudit } from './platform/audit.ts';
import type { AuthedContext, RequestContext } from './platform/context.ts';
import { allReferenceKinds, allRoutes } from './routes.ts';
import { ReferenceChecker } from './platform/references.ts';
import { referenceFields } from '../contracts/references.ts';
import { scopesAllow } from '../domain/roles.ts';
import { buildOpenApi, renderDocsHtml } from './platform/openapi.ts';
import { createLogger } from './platform/logging.ts';
import { registerWeb } from './platform/web.ts';
import { registerPublicSite } from './features/learn/index.ts';
import './platform/deps.ts';
import { projectRoot } from './paths.ts';

export { redactUrl } from './platform/logging.ts';

const defaultWebRoot = path.join(projectRoot, 'dist/web');

export interface BuildOptions {
  config: Config;
  database: Database;
  /** Extra routes (tests). */
  routes?: AnyRoute[];
  /** Log destination (tests capture it). */
  logStream?: NodeJS.WritableStream;
  /** The built web app (default `dist/web`; tests point it at a folder of their own). */
  webRoot?: string;
}

/**
 * A request id given by a proxy is kept when it looks like one (hex digits and dashes: UUIDs,
 * nginx's `$request_id`); anything else could carry a value into every log line of the request.
 */
const GIVEN_REQUEST_ID = /^[0-9a-f-]{8,64}$/i;

export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const { config, database } = opts;
  // Default deny, before anything starts: a route that does not say what it opens (and how it is
  // audited) stops the app.
  const routes = [...allRoutes, ...(opts.routes ?? [])];
  const references = new ReferenceChecker(allReferenceKinds);
  const problems = [
    ...routes.flatMap(routeProblems),
    ...routes.flatMap((r) => references.problems(`${r.method} ${r.url}`, r.body)),
  ];
  if (problems.length) throw new Error(`Routes refused:\n- ${problems.join('\n- ')}`);
  const log = createLogger({ level: config.logLevel, stream: opts.logStream });
  // pino's Logger type is narrower than Fastify's base logger; the instance is the same.
  const app = Fastify({
    loggerInstance: log,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && GIVEN_REQUEST_ID.test(given) ? given : randomUUID();
    },
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
    // The router refuses a path it cannot decode (a percent-encoded part that is not UTF-8, such as
    // an unpaired surrogate) before any route runs: answer with the usual problem, without echoing
    // the path.
    frameworkErrors: (err, req, raw) => {
      const reply = raw as FastifyReply;
      const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const detail = tooLong
        ? 'A part of the address is longer than allowed: check the link.'
        : 'The address contains a percent-encoded part that is not UTF-8 text: encode the path as UTF-8.';
      void reply
        .code(tooLong ? 414 : 400)
        .headers({ 'x-request-id': String(req.id), 'cache-control': 'no-store' })
        .type('application/problem+json')
        .send({
          type: problemType('validation'),
          title: 'Invalid request',
          status: tooLong ? 414 : 400,
          detail,
          errors: [{ path: 'params', message: detail }],
          requestId: String(req.id),
        });
    },
  }) as unknown as FastifyInstance;
  const deps: Deps = {
    config,
    database,
    db: database.db,
    replica: database.replica ?? database.db,
    secrets: SecretBox.fromConfig(config.secretKey, database.kind === 'pglite' ? config.dataDir : null),
    log,
    atClose: (stop) => closers.push(stop),
  };
  const closers: (() => Promise<void>)[] = [];
  app.decorate('deps', deps);
  const sealer = startAuditSealer(database.db, {
    onError: (err) => log.error({ err }, 'sealing the audit trail failed; retrying on the next write'),
  });
  app.addHook('onResponse', async () => sealer.afterRequest());
  app.addHook('onClose', async () => {
    // Background work started later (jobs) stops first, newest first, then the audit sealer.
    for (const stop of closers.reverse()) await stop();
    await sealer.flush();
    await sealer.stop();
  });
  // JSON only: anything else is a 415 that says so.
  app.removeContentTypeParser('text/plain');

  await app.register(cookie);
  // Helmet's headers, worked out once (see securityHeaders) and set on every response.
  const secure = await securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: config.trustProxy ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (_req, reply, done) => {
    void reply.headers(secure);
    done();
  });

  app.addHook('onRequest', async (req, reply) => {
    void reply.header('x-request-id', String(req.id));
    // In production the API answers only over TLS: a plain-http call is refused, never redirected,
    // so a client that leaked a credential over http finds out.
    if (config.nodeEnv === 'production' && req.protocol !== 'https' && req.url.startsWith('/api/v1')) {
      throw new HttpError(
        400,
        'HTTPS required',
        'This API answers only over https. Use the https:// address.',
        {
          type: problemType('https-required'),
        },
      );
    }
    if (req.url.startsWith('/api') || req.url.startsWith('/fhir'))
      void reply.header('cache-control', 'no-store');
  });

  app.setErrorHandler(async (err: FastifyError | HttpError | Error, req, reply) => {
    const send = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
      reply
        .code(status)
        .headers(headers)
        .type('application/problem+json')
        .send({ ...body, status, instance: req.url.split('?')[0], requestId: String(req.id) });
    if (err instanceof HttpError) {
      return send(
        err.status,
        {
          type: err.opts.type ?? problemType(String(err.status)),
          title: err.title,
          detail: err.detail,
          ...(err.opts.errors ? { errors: err.opts.errors } : {}),
          ...err.opts.extra,
        },
        err.opts.headers,
      );
    }
    const fe = err as FastifyError;
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return send(413, {
        type: problemType('too-large'),
        title: 'Payload too large',
        detail: 'The request body is larger than 1 MB.',
      });
    }
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return send(415, {
        type: problemType('media-type'),
        title: 'Unsupported media type',
        detail: 'Send JSON with Content-Type: application/json.',
      });
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return send(fe.statusCode, {
        type: problemType('validation'),
        title: 'Invalid request',
        detail:
          fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
            ? 'The JSON body is empty.'
            : 'The request body is not valid JSON.',
        errors: [{ path: '', message: 'Malformed JSON' }],
      });
    }
    // The logger's error serializer keeps the error's class, SQLSTATE, constraint and stack, never
    // its message, query or parameters; the request's body and parameters are never logged.
    req.log.error({ err }, 'unexpected error');
    return send(500, {
      type: problemType('internal'),
      title: 'Unexpected error',
      detail: `Something went wrong on our side. Try again; if it keeps happening, give the administrator request id ${String(req.id)}.`,
    });
  });

  // Every route of the table is registered through the same enforcement point.
  for (const def of routes) registerRoute(app, deps, def, references);

  app.get('/api/health', async () => ({ status: 'ok', database: database.kind, version: config.version }));
  const testClock = config.testClock;
  if (testClock) {
    // Only with STILLPOINT_TEST_CLOCK (never in production): end-to-end journeys move the clock.
    app.post('/api/test/clock', async (req) => {
      const given = (acceptText(req.body ?? {}) as { at?: unknown }).at;
      const at = new Date(typeof given === 'string' ? given : '');
      if (Number.isNaN(at.getTime())) throw badRequest('Send {"at": an ISO 8601 instant}');
      testClock.set(at);
      return { now: config.now().toISOString() };
    });
  }
  const openapi = buildOpenApi(routes, config.version);
  app.get('/api/openapi.json', async () => openapi);
  app.get('/api/docs', async (_req, reply) =>
    reply.type('text/html; charset=utf-8').send(renderDocsHtml(openapi)),
  );

  // The public library and self-check pages (server-rendered HTML, no JavaScript), before the SPA.
  await registerPublicSite(app, { publicUrl: config.publicUrl, host: config.host, port: config.port });
  await registerWeb(app, opts.webRoot ?? defaultWebRoot);
  return app;
}

/**
 * A remembered session did not hold when the request's statement checked it (or the request was
 * refused before that check): the request is served again from a fresh session lookup.
 */
class StaleSession extends Error {}

/**
 * The security headers `@fastify/helmet` sets with these options, worked out once: the plugin builds
 * Helmet's middleware again on every request (2–3 % of the audited read's CPU in a profile), though
 * the headers never change. A throwaway instance with the plugin answers one request, beside one
 * without it; the headers only the first sent are the ones to set on every response.
 */
async function securityHeaders(options: FastifyHelmetOptions): Promise<Record<string, string>> {
  const probe = Fastify();
  const plain = Fastify();
  await probe.register(helmet, options);
  for (const f of [probe, plain]) f.get('/', async () => ({}));
  const [withHelmet, without] = await Promise.all([probe.inject('/'), plain.inject('/')]);
  await Promise.all([probe.close(), plain.close()]);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(withHelmet.headers)) {
    if (without.headers[name] === undefined && typeof value === 'string') headers[name] = value;
  }
  return headers;
}

function registerRoute(app: FastifyInstance, deps: Deps, def: AnyRoute, references: ReferenceChecker) {
  const subject = def.subject as SubjectDecl | undefined;
  const auditedSuccess = !!def.audit && opensPatientData(subject);
  const auditOnOpen = !!subject && typeof subject === 'object' && !!subject.auditOnOpen;
  // A write whose body may name records and that opens no record first (a booking, say): its
  // reference check is the request's first statement, so it can also be the check of a session
  // this process remembered (references.ts), one round trip fewer than a session lookup of its own.
  const refsFirst =
    !('public' in def.access) &&
    def.method !== 'GET' &&
    !(subject && typeof subject === 'object') &&
    !!def.body &&
    referenceFields(def.body).declared.length > 0;
  const beforeAnswer = new WeakMap<FastifyRequest, () => Promise<void>>();
  app.route({
    method: def.method,
    url: def.url,
    onSend: async (req, _reply, payload) => {
      const write = beforeAnswer.get(req);
      if (write) {
        beforeAnswer.delete(req);
        await write();
      }
      return payload;
    },
    // An audited single-record read may start from a session this process remembers: its one
    // statement checks the session (platform/opening.ts); when it does not hold, the request is
    // served again from the database's answer, exactly as without a remembered session.
    handler: async (req, reply) => {
      if (!auditOnOpen && !refsFirst) return serve(req, reply, false);
      try {
        return await serve(req, reply, true);
      } catch (err) {
        if (err instanceof StaleSession) return serve(req, reply, false);
        throw err;
      }
    },
  });

  async function serve(req: FastifyRequest, reply: FastifyReply, remembered: boolean) {
    const now = deps.config.now();
    let ctx: RequestContext = baseContext(req, now);
    let opened: Opened | null = null;
    /** No session or token signed the caller in: refused on every signed-in route, and recorded. */
    let anonymous = false;
    /** The caller's session came from memory and no statement has checked it yet. */
    let unchecked = false;
    let proof: SessionProof | null = null;
    try {
      let authed: AuthedContext | null = null;
      if (!('public' in def.access)) {
        const auth = await authenticate(deps, req, now, { remembered });
        if (!auth) {
          anonymous = true;
          throw unauthorized();
        }
        unchecked = auth.remembered;
        proof = auth.proof;
        ctx = auth.ctx;
        const stateChanging = req.method !== 'GET' && req.method !== 'HEAD';
        if (stateChanging && auth.ctx.via === 'session' && !def.noCsrf && !req.headers['x-requested-with']) {
          throw forbidden('State-changing requests must carry the X-Requested-With header.', 'csrf');
        }
        const credential = auth.ctx.credential;
        if (credential?.kind === 'token' && def.sessionOnly) {
          throw forbidden(
            'API tokens cannot manage credentials. Sign in to Stillpoint and do this from your account.',
            'session-required',
          );
        }
        if (credential?.scopes && !scopesAllow(credential.scopes, req.method)) {
          throw forbidden(
            'This API token may only read. Create a read-write token to make changes.',
            'insufficient-scope',
          );
        }
        if (auth.mfaPending && !def.allowMfaPending) {
          throw new HttpError(
            403,
            'Multi-factor authentication required',
            credential?.kind === 'token'
              ? 'This API token was not made after a second-factor sign-in, which your account now needs. Sign in with your authenticator app and create a new token.'
              : auth.mfaSetupRequired
                ? 'Your clinic requires an authenticator app for staff: set it up under My account to continue.'
                : 'Enter the code from your authenticator app to continue.',
            {
              type: problemType('mfa-required'),
              // A refused attempt like any other: recorded.
              denied: true,
              extra: { mfaSetupRequired: auth.mfaSetupRequired },
            },
          );
        }
        const user = auth.ctx.user;
        if (!user || !def.access.roles.includes(user.role)) throw forbidden();
        authed = { ...auth.ctx, user, trail: { successes: 0 } };
        ctx = authed;
      } else {
        const hasSessionCookie = !!(req.cookies.sp_session || req.cookies['__Host-sp_session']);
        if (def.method !== 'GET' && !def.noCsrf && hasSessionCookie && !req.headers['x-requested-with']) {
          throw forbidden('State-changing requests must carry the X-Requested-With header.', 'csrf');
        }
        // Public routes may still tailor their answer to a signed-in caller (never required).
        if (req.headers.authorization || hasSessionCookie) {
          const auth = await authenticate(deps, req, now);
          if (auth && !auth.mfaPending) ctx = auth.ctx;
        }
      }
      // Every string of every route's input is checked (all fields named at once) and normalised
      // to NFC here, before the route's schema: no feature has to remember it (platform/text.ts).
      const bad = [
        ...checkText(req.params, 'params'),
        ...checkText(req.query, 'query'),
        ...checkText(req.body ?? {}),
      ];
      if (bad.length) throw textRefusal(bad.slice(0, MAX_PROBLEMS));
      const params = parse(def.params, cleanText(req.params), 'params');
      // The subject opens before the body is parsed and the handler runs: a miss never reaches
      // feature code, and a refused write (an invalid body included) is recorded against its
      // patient.
      if (authed && subject && typeof subject === 'object' && subject.auditOnOpen) {
        const id = paramOf(params, subject.param);
        const access = await openPatientRead(
          deps.db,
          authed,
          id,
          subject.load ?? plainPatient,
          def.audit!,
          proof,
        );
        if (!access) {
          if (unchecked) throw new StaleSession();
          throw notFound(subject.kind.name);
        }
        unchecked = false;
        opened = { kind: patientSubject, id, record: access.patient, patient: access };
      } else if (authed && subject && typeof subject === 'object') {
        opened = await openSubject(
          deps.db,
          authed,
          subject.kind,
          paramOf(params, subject.param),
          subject.load,
        );
      }
      const input = {
        params,
        query: parse(def.query, cleanText(req.query), 'query'),
        body: parse(def.body, cleanText(req.body ?? {}), null),
      };
      let handlerCtx: RequestContext = ctx;
      if (authed) {
        // Every id the body names is a record of its kind in the caller's clinic.
        // With a remembered session, that statement checks it too: a body that named no id ran
        // none, and a session that no longer holds is looked up afresh (StaleSession, below), as
        // is one whose body named a wrong id (refused, like any error, only from a checked session).
        const session = unchecked && proof ? { ctx: authed, proof } : null;
        const checked = await references.check(deps.db, authed.user.clinicId, def.body, input.body, session);
        if (unchecked) {
          if (checked !== 'held') throw new StaleSession();
          unchecked = false;
        }
        const work = auditedWork(deps, authed, def.audit, opened);
        // A route that opened patient data and wrote no success entry gets one before its answer
        // leaves (in onSend, so also when the handler sends the reply itself): a read under its
        // declared action; a write that recorded no change as `<action>.opened` (the record was
        // opened, nothing was recorded as changed, e.g. a repeated check-in). Patient data is
        // also a record of a kind not all of whose records are (an outbox message) that belongs
        // to a patient.
        if (auditedSuccess || (def.audit && opened?.patient)) {
          const trail = authed.trail!;
          const caller = authed;
          beforeAnswer.set(req, async () => {
            if (trail.successes > 0 || reply.statusCode >= 400) return;
            const entry = successEntry(def.audit!, opened, { details: { recordedBy: 'platform' } });
            if (req.method !== 'GET') entry.action = `${entry.action}.opened`;
            await writeAudit(deps.db, caller, entry);
          });
        }
        const full = opened
          ? { ...authed, work, subject: opened, patient: opened.patient }
          : { ...authed, work };
        handlerCtx = full;
        ctx = handlerCtx;
        const result = await (def.handler as (...a: unknown[]) => Promise<unknown>)(
          handlerCtx,
          input,
          req,
          reply,
        );
        return send(result);
      }
      return send(
        await (def.handler as (...a: unknown[]) => Promise<unknown>)(handlerCtx, input, req, reply),
      );
    } catch (err) {
      // Nothing was decided on a session no statement has checked: start again from the database.
      if (unchecked) throw new StaleSession();
      if (err instanceof HttpError && !err.opts.audited && refusalIsAudited(err)) {
        await auditRefusal(deps, ctx, def, req, err, opened);
      }
      throw err;
    }
    /**
     * Refusals of access, anonymous attempts on every signed-in (or audited) route, and every
     * refusal of a write to patient data (a 409 on a signed note, a 400, a 422 alike) leave an entry.
     */
    function refusalIsAudited(err: HttpError) {
      if (err.opts.denied || anonymous || (err.status === 401 && def.audit)) return true;
      const write = req.method !== 'GET' && req.method !== 'HEAD';
      return write && auditedSuccess && err.status >= 400 && err.status < 500;
    }
    function send(result: unknown) {
      if (reply.sent) return reply;
      if (def.successStatus) void reply.code(def.successStatus);
      if (result === undefined || def.successStatus === 204)
        return reply.code(def.successStatus ?? 204).send();
      return result;
    }
  }
}

/** A path parameter's value as parsed (ids are strings; anything else opens nothing). */
function paramOf(params: unknown, name: string): string {
  const value = (params as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}

function parse(schema: z.ZodType | undefined, value: unknown, where: string | null): unknown {
  if (!schema) return value;
  const res = schema.safeParse(value);
  if (!res.success) {
    const errors = zodFieldErrors(res.error, where ?? undefined);
    throw new HttpError(
      400,
      'Invalid request',
      `${errors[0]?.path || 'body'}: ${errors[0]?.message ?? 'invalid'}`,
      {
        type: problemType('validation'),
        errors,
      },
    );
  }
  return res.data;
}

const idLike = (v: unknown) => (typeof v === 'string' && /^[\w.:-]{1,100}$/.test(v) ? v : null);

/** Every refused attempt leaves an audit entry (in its own transaction: the request's work is void). */
async function auditRefusal(
  deps: Deps,
  ctx: RequestContext,
  def: AnyRoute,
  req: FastifyRequest,
  err: HttpError,
  opened: Opened | null,
) {
  const params = (req.params ?? {}) as Record<string, string>;
  const subject = def.subject as SubjectDecl | undefined;
  const patientParam =
    subject && typeof subject === 'object' && subject.kind.name === 'patient'
      ? params[subject.param]
      : undefined;
  const validUuid = (v: string | undefined) => (v && /^[0-9a-f-]{36}$/i.test(v) ? v : null);
  try {
    await deps.db.transaction(async (tx) => {
      await writeAudit(tx, ctx, {
        action: def.audit?.action ?? `${def.method} ${def.url}`,
        resourceType: def.audit?.resourceType ?? 'Route',
        // What the caller named, when it looks like an id (a hostile path is not copied into the trail).
        resourceId: opened?.id ?? idLike(patientParam ?? Object.values(params)[0]),
        patientId: opened?.patient?.patient.id ?? validUuid(patientParam),
        emergency: !!opened?.patient?.emergency,
        reason: opened?.patient?.emergency?.reason ?? null,
        outcome: 'denied',
        details: { status: err.status, reason: err.opts.type?.split('/').pop() ?? 'denied' },
      });
    });
  } catch (auditErr) {
    req.log.error({ err: auditErr }, 'could not write the refusal audit entry');
  }
}

export type { FastifyReply };
