import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, parseRetryAfter, query, setApiHandlers } from './client';

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('120')).toBe(120);
    expect(parseRetryAfter('Sun, 22 Nov 2026 19:00:30 GMT', Date.parse('2026-11-22T19:00:00Z'))).toBe(30);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });
});

describe('query', () => {
  it('leaves out empty values and encodes the rest', () => {
    expect(query({ q: 'O’Neil & co', limit: 5, empty: '', none: undefined, nil: null })).toBe(
      '?q=O%E2%80%99Neil+%26+co&limit=5',
    );
    expect(query({ q: '' })).toBe('');
  });
});

describe('request', () => {
  afterEach(() => vi.unstubAllGlobals());

  const respond = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    vi.fn(async () => new Response(body === undefined ? null : JSON.stringify(body), { status, headers }));

  it('sends the CSRF header and same-origin credentials on writes, not on reads', async () => {
    const fetchMock = respond(200, { ok: true });
    vi.stubGlobal('fetch', fetchMock);
    await api.post('/api/v1/x', { a: 1 });
    await api.get('/api/v1/y');
    const [postUrl, postInit] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    const [, getInit] = fetchMock.mock.calls[1] as unknown as [string, RequestInit];
    expect(postUrl).toBe('/api/v1/x');
    expect(postInit.credentials).toBe('same-origin');
    expect(postInit.headers).toMatchObject({
      'X-Requested-With': 'stillpoint',
      'Content-Type': 'application/json',
    });
    expect(postInit.body).toBe('{"a":1}');
    expect(getInit.headers).not.toHaveProperty('X-Requested-With');
  });

  it('turns a problem into an ApiError with field errors and Retry-After', async () => {
    vi.stubGlobal(
      'fetch',
      respond(
        429,
        { title: 'Too many attempts', detail: 'Wait.', errors: [{ path: 'email', message: 'x' }] },
        { 'Retry-After': '90' },
      ),
    );
    const error = await api.post('/api/v1/auth/login', {}, { anonymous: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.status).toBe(429);
    expect(apiError.message).toBe('Wait.');
    expect(apiError.retryAfterSeconds).toBe(90);
    expect(apiError.fieldErrors).toEqual([{ path: 'email', message: 'x' }]);
  });

  it('hands a 401 after sign-in to the session handler, but not an anonymous one', async () => {
    const onUnauthorized = vi.fn();
    const onMfaRequired = vi.fn();
    setApiHandlers({ onUnauthorized, onMfaRequired });
    vi.stubGlobal('fetch', respond(401, { title: 'Unauthorized' }));
    await api.get('/api/v1/patients').catch(() => undefined);
    await api.post('/api/v1/auth/login', {}, { anonymous: true }).catch(() => undefined);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);

    vi.stubGlobal('fetch', respond(403, { type: 'https://x/problems/mfa-required', mfaSetupRequired: true }));
    await api.get('/api/v1/patients').catch(() => undefined);
    expect(onMfaRequired).toHaveBeenCalledWith(true);
  });

  it('reports a network failure as a problem the UI can show', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    const error = (await api.get('/api/health').catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(0);
    expect(error.message).toMatch(/Could not reach/);
  });

  it('returns undefined for 204', async () => {
    vi.stubGlobal('fetch', respond(204, undefined));
    await expect(api.del('/api/v1/auth/tokens/1')).resolves.toBeUndefined();
  });
});
