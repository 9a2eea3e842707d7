import type { ApiError } from '../api/client';

/** Problem `errors[].path` as a key: `/` separated, without a leading `/` or a `body/` prefix. */
export function normalizePath(path: string): string {
  return path.replace(/^\/+/, '').replace(/^body\//, '');
}

/** Field errors of a problem keyed by path, messages for the same field joined. */
export function fieldErrorMap(error: ApiError | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  for (const e of error?.fieldErrors ?? []) {
    const key = normalizePath(e.path);
    map[key] = map[key] ? `${map[key]} ${e.message}` : e.message;
  }
  return map;
}
