import { HttpError, problemType, type FieldError } from './errors.ts';

/**
 * Text that reaches the database is valid Unicode without invisible control characters. The
 * platform checks every parsed request value once (body, query string and path parameters of
 * every route, before its schema runs), so no feature has to remember it:
 *
 * - NUL (PostgreSQL refuses it in text and jsonb: a 500 before this check), unpaired surrogates
 *   (not Unicode: drivers turn them into U+FFFD or fail), the C0 controls other than tab, line
 *   feed and carriage return, DEL and the C1 controls (escape sequences that terminals, logs and
 *   calendar files interpret) are refused with a 400 naming each field, object keys included;
 * - everything else is normalised to NFC, so the same name typed on two keyboards is one string.
 */

/** Deeper structures are refused: no request of the API nests anywhere near this. */
export const MAX_DEPTH = 64;
/** At most this many problems are reported (and the walk stops there). */
export const MAX_PROBLEMS = 20;

const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/** What is wrong with a string, or null. Tab, line feed and carriage return are allowed. */
export function textProblem(s: string): string | null {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) continue;
    if (c === 0) return 'contains a NUL character (U+0000): remove it.';
    if (c === 0x09 || c === 0x0a || c === 0x0d) continue;
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
      return `contains the control character ${hex(c)}: remove it (only tab and line breaks are allowed in text).`;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return `contains an unpaired surrogate (${hex(c)}), which is not Unicode text: send the text as valid UTF-8.`;
    }
    if (c >= 0xdc00 && c <= 0xdfff)
      return `contains an unpaired surrogate (${hex(c)}), which is not Unicode text: send the text as valid UTF-8.`;
  }
  return null;
}

/** A path segment as it can be shown: a refused key is named with its bad characters escaped. */
function segment(key: string): string {
  let out = '';
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    const pairHigh = c >= 0xd800 && c <= 0xdbff && (key.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    if (pairHigh) {
      out += key[i]! + key[i + 1]!;
      i++;
    } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0xd800 && c <= 0xdfff)) {
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else out += key[i]!;
  }
  return out;
}

const join = (path: string, key: string | number) =>
  path ? `${path}/${segment(String(key))}` : segment(String(key));

/**
 * Every problem of the strings in a parsed JSON value (strings, object keys, nested arrays and
 * objects), with the field's path in the project's `a/0/b` form under `prefix`. Stops after
 * `MAX_PROBLEMS`; refuses nesting deeper than `MAX_DEPTH`.
 */
export function checkText(value: unknown, prefix = ''): FieldError[] {
  const problems: FieldError[] = [];
  const walk = (v: unknown, path: string, depth: number): void => {
    if (problems.length >= MAX_PROBLEMS) return;
    if (typeof v === 'string') {
      const message = textProblem(v);
      if (message) problems.push({ path, message });
      return;
    }
    if (v === null || typeof v !== 'object') return;
    if (depth >= MAX_DEPTH) {
      problems.push({ path, message: `is nested more than ${MAX_DEPTH} levels deep: send a flatter value.` });
      return;
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length && problems.length < MAX_PROBLEMS; i++)
        walk(v[i], join(path, i), depth + 1);
      return;
    }
    for (const [key, item] of Object.entries(v as Record<string, unknown>)) {
      if (problems.length >= MAX_PROBLEMS) return;
      const keyProblem = textProblem(key);
      const at = join(path, key);
      if (keyProblem) problems.push({ path: at, message: `the field name ${keyProblem}` });
      else walk(item, at, depth + 1);
    }
  };
  walk(value, prefix, 0);
  return problems;
}

/** The value with every string (and object key) in Unicode normalisation form NFC. */
export function cleanText<T>(value: T): T {
  const clean = (v: unknown): unknown => {
    if (typeof v === 'string') return v.normalize('NFC');
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(clean);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(v as Record<string, unknown>))
      // defineProperty: a key named `__proto__` stays a key and never becomes the prototype.
      Object.defineProperty(out, key.normalize('NFC'), {
        value: clean(item),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return out;
  };
  return clean(value) as T;
}

/** The 400 problem naming every refused field (the same shape as a schema refusal). */
export function textRefusal(problems: FieldError[]): HttpError {
  const first = problems[0]!;
  const more =
    problems.length > 1 ? ` (and ${problems.length - 1} more field${problems.length > 2 ? 's' : ''})` : '';
  return new HttpError(400, 'Invalid request', `${first.path || 'body'}: ${first.message}${more}`, {
    type: problemType('validation'),
    errors: problems,
  });
}

/**
 * The request value the route's schema sees: refused with a 400 when any string in it is not
 * clean text, otherwise normalised to NFC. Checked before the schema, so even a field the schema
 * would drop or reject is named.
 */
export function acceptText(value: unknown, prefix = ''): unknown {
  const problems = checkText(value, prefix);
  if (problems.length) throw textRefusal(problems);
  return cleanText(value);
}
