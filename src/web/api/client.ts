import { isLeaving, markLeaving } from '../lib/pendingWork';
import type { Problem, ProblemFieldError } from '../../contracts/common.ts';

/** An API call that did not succeed, carrying the server's RFC 9457 problem details. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  /** Seconds to wait before retrying, from the `Retry-After` header (429 and 503). */
  readonly retryAfterSeconds: number | null;

  constructor(status: number, problem: Problem, retryAfterSeconds: number | null = null) {
    super(problem.detail ?? problem.title ?? `Request failed (HTTP ${status})`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  get fieldErrors(): ProblemFieldError[] {
    return this.problem.errors ?? [];
  }

  /** True for `403` problems whose type ends in `mfa-required` (password-only session). */
  get isMfaRequired(): boolean {
    return this.status === 403 && /mfa[-_]required$/i.test(this.problem.type ?? '');
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** Turn anything thrown by a call into an ApiError, so the UI has one thing to show. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  return new ApiError(0, {
    title: 'Network error',
    detail: 'Could not reach the Stillpoint server. Check your connection and try again.',
  });
}

export function isAbortError(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}

/** Parses `Retry-After` as delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

export interface RequestOptions {
  signal?: AbortSignal;
  /**
   * For calls made before or during sign-in (login, MFA verify, the first session check): a 401
   * there is an answer to show, not an expired session.
   */
  anonymous?: boolean;
  /** Extra request headers (for example `Idempotency-Key` on a booking). */
  headers?: Record<string, string>;
}

interface Handlers {
  /** 401 after sign-in: the session ended. Default: drop every bit of state with a full reload. */
  onUnauthorized: () => void;
  /** 403 `mfa-required`: the session still needs its second factor (or an enrolment first). */
  onMfaRequired: (setupRequired: boolean) => void;
}

/** Where to come back to after signing in again. */
function here(): string {
  return encodeURIComponent(window.location.pathname + window.location.search);
}

const handlers: Handlers = {
  onUnauthorized: () => {
    // Signing out (or already sent away): a request answered 401 meanwhile must not turn the
    // sign-out's own page into "your session expired".
    if (isLeaving()) return;
    markLeaving();
    window.location.replace(`/login?expired=1&next=${here()}`);
  },
  onMfaRequired: (setupRequired) =>
    window.location.replace(setupRequired ? '/app/setup-mfa' : `/login?step=mfa&next=${here()}`),
};

export function setApiHandlers(next: Partial<Handlers>): void {
  Object.assign(handlers, next);
}

let lastResponseAt = Date.now();

/** When the server last saw this browser: the idle timer counts from here. */
export function lastApiActivity(): number {
  return lastResponseAt;
}

async function readProblem(res: Response): Promise<Problem> {
  const text = await res.text().catch(() => '');
  if (text) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object') return parsed as Problem;
    } catch {
      // not JSON: fall through to a generic problem
    }
  }
  return { status: res.status, title: res.statusText || `HTTP ${res.status}` };
}

export async function request<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (method !== 'GET') headers['X-Requested-With'] = 'stillpoint';
  if (body !== undefined) headers['Content-Type'] = 'application/json';

  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: options.signal,
    });
  } catch (e) {
    if (isAbortError(e)) throw e;
    throw toApiError(e);
  }
  if (res.status !== 401) lastResponseAt = Date.now();

  if (!res.ok) {
    const problem = await readProblem(res);
    const error = new ApiError(res.status, problem, parseRetryAfter(res.headers.get('Retry-After')));
    if (!options.anonymous) {
      if (res.status === 401) handlers.onUnauthorized();
      else if (error.isMfaRequired) handlers.onMfaRequired(problem.mfaSetupRequired === true);
    }
    throw error;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('POST', path, body ?? {}, options),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) =>
    request<T>('PATCH', path, body, options),
  put: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('PUT', path, body, options),
  del: <T = void>(path: string, options?: RequestOptions) => request<T>('DELETE', path, undefined, options),
};

/** Builds a query string from the non-empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
