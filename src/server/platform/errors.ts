import type { z } from 'zod';

export interface FieldError {
  path: string;
  message: string;
}

/** An error that becomes an RFC 9457 problem response. */
export class HttpError extends Error {
  constructor(
    public readonly status: number,
    public readonly title: string,
    public readonly detail: string,
    public readonly opts: {
      type?: string;
      errors?: FieldError[];
      headers?: Record<string, string>;
      /** Refusals of access are audited by the platform. */
      denied?: boolean;
      /** The feature already wrote this refusal's audit entry (the platform writes no second one). */
      audited?: boolean;
      extra?: Record<string, unknown>;
    } = {},
  ) {
    super(detail);
  }
}

const TYPE_BASE = 'https://stillpoint.dev/problems/';

export function problemType(slug: string): string {
  return TYPE_BASE + slug;
}

export const badRequest = (detail: string, errors?: FieldError[]) =>
  new HttpError(400, 'Invalid request', detail, { type: problemType('validation'), errors });

export const unauthorized = (detail = 'Sign in to continue.') =>
  new HttpError(401, 'Not authenticated', detail, { type: problemType('unauthenticated') });

export const forbidden = (detail = 'Your role does not allow this action.', type = 'forbidden') =>
  new HttpError(403, 'Forbidden', detail, { type: problemType(type), denied: true });

/** Also used for records of another clinic or another patient: their existence is not revealed. */
export const notFound = (what = 'record') =>
  new HttpError(404, 'Not found', `No such ${what}, or you do not have access to it.`, {
    type: problemType('not-found'),
    denied: true,
  });

export const conflict = (detail: string, type = 'conflict') =>
  new HttpError(409, 'Conflict', detail, { type: problemType(type) });

/** Zod issues → `[{path:"plan/0/technique", message}]`. */
export function zodFieldErrors(error: z.ZodError, prefix?: string): FieldError[] {
  return error.issues.map((issue) => {
    const parts = issue.path.map(String);
    const p = parts.join('/');
    return { path: prefix ? (p ? `${prefix}/${p}` : prefix) : p, message: issue.message };
  });
}
