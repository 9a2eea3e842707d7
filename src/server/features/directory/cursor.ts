import { z } from 'zod';
import { badRequest } from '../../platform/errors.ts';

/**
 * Search cursors: the position after the last result shown (a sort key and the listing's id), so
 * listings inserted while a visitor pages neither repeat nor shift the next page. Opaque to clients
 * (base64url JSON); anything that does not decode to a cursor of the same sort is a 400.
 */
export type Sort = 'distance' | 'name' | 'soonest';

const cursorSchema = z
  .object({
    s: z.enum(['distance', 'name', 'soonest']),
    /** Phase: 1 = the bookable practitioners (soonest, or available within N days); 2 = the rest. */
    p: z.union([z.literal(1), z.literal(2)]),
    v: z.union([z.number().finite(), z.string().max(300), z.null()]),
    id: z.uuid(),
  })
  .strict();
export type Cursor = z.infer<typeof cursorSchema>;

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeCursor(raw: string | undefined, sort: Sort): Cursor | null {
  if (raw === undefined) return null;
  const bad = () =>
    badRequest('The cursor is not one this search gave out: start again from the first page.', [
      { path: 'query/cursor', message: 'Malformed cursor: use the nextCursor of the previous page' },
    ]);
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(raw)) throw bad();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  const res = cursorSchema.safeParse(parsed);
  if (!res.success || res.data.s !== sort) throw bad();
  const c = res.data;
  const ok =
    c.s === 'name'
      ? typeof c.v === 'string'
      : c.s === 'distance'
        ? typeof c.v === 'number'
        : c.p === 1
          ? typeof c.v !== 'string'
          : c.v !== null;
  if (!ok) throw bad();
  return c;
}
