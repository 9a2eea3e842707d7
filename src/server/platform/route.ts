import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { RequestContext, Role } from './context.ts';

/**
 * Who may call a route. `public` needs no session; otherwise the caller must be signed in
 * (cookie or bearer token, MFA completed where required) and hold one of `roles`.
 * Default deny: a route without an access rule cannot be registered.
 */
export type Access = { public: true } | { roles: readonly Role[] };

/**
 * How the security matrix test exercises a route with path parameters: `patient` means the
 * `{id}` (or `{patientId}`) parameter is a patient id, so the matrix tries own / other patient /
 * other clinic / random ids. `none` means the parameters are not patient-scoped.
 */
export type MatrixHint = { kind: 'patient'; param: string } | { kind: 'none' };

export interface RouteInput<B, Q, P> {
  body: B;
  query: Q;
  params: P;
}

export interface RouteDef<
  B extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  P extends z.ZodType = z.ZodType,
> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Fastify path, e.g. `/api/v1/patients/:id`. */
  url: string;
  summary: string;
  tags: string[];
  access: Access;
  body?: B;
  query?: Q;
  params?: P;
  /** Status of a successful answer (default 200); used for the OpenAPI document. */
  successStatus?: number;
  /** A valid example body: shown in the OpenAPI document and sent by the security matrix test. */
  example?: unknown;
  /** Optional zod schema of the success body, for the OpenAPI document. */
  response?: z.ZodType;
  matrix?: MatrixHint;
  /**
   * What an access refusal on this route is recorded as in the audit trail. Routes that touch
   * patient data also write their own success entries (in the service's transaction).
   */
  audit?: { action: string; resourceType: string };
  /** Reachable while a password-only session still has to complete MFA (sign-in routes). */
  allowMfaPending?: boolean;
  /** State-changing route reachable without a session and without the CSRF header (login). */
  noCsrf?: boolean;
  handler: (
    ctx: RequestContext,
    input: RouteInput<z.infer<B>, z.infer<Q>, z.infer<P>>,
    req: FastifyRequest,
    reply: FastifyReply,
  ) => Promise<unknown>;
}

/** Identity helper that keeps the zod inference of each route. */
export function defineRoute<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType>(
  def: RouteDef<B, Q, P>,
): RouteDef {
  return def;
}
