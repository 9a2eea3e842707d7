import { z } from 'zod';

/**
 * Ids a request body names are references to records of a kind. A body field that holds an id is
 * declared with `ref(kind)`; the platform checks every declared reference of every body, before
 * the handler runs, to name a record of that kind in the caller's clinic (400 naming the field
 * otherwise). A body id not declared this way is a defect the route-table test reports.
 */
export const REFERENCE_KINDS = [
  'patient',
  'staff-user',
  'practitioner',
  'care-plan',
  'questionnaire-request',
] as const;
export type ReferenceKindName = (typeof REFERENCE_KINDS)[number];

const references = z.registry<{ ref: ReferenceKindName }>();

/** An id field naming a record of `kind` (wrap it with `.nullish()`, arrays etc. as usual). */
export function ref(kind: ReferenceKindName, message?: string) {
  const schema = z.uuid(message);
  references.add(schema, { ref: kind });
  return schema;
}

/** One id a body names: where (`careTeam/1`), of which kind. */
export interface NamedReference {
  path: string;
  kind: ReferenceKindName;
  id: string;
}

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: z.ZodType[];
  format?: string;
  getter?: () => z.ZodType;
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);
const join = (path: string, key: string | number) => (path ? `${path}/${key}` : String(key));

/** The references a parsed body names, with their paths (a union's first matching branch counts). */
export function namedReferences(schema: z.ZodType, value: unknown, path = ''): NamedReference[] {
  const meta = references.get(schema);
  if (meta) return typeof value === 'string' ? [{ path, kind: meta.ref, id: value }] : [];
  const def = defOf(schema);
  if (WRAPPERS.has(def.type)) return value == null ? [] : namedReferences(def.innerType!, value, path);
  if (def.type === 'pipe') return namedReferences(def.in!, value, path);
  if (def.type === 'lazy') return namedReferences(def.getter!(), value, path);
  if (def.type === 'object' && value && typeof value === 'object' && !Array.isArray(value))
    return Object.entries(def.shape!).flatMap(([key, field]) =>
      namedReferences(field, (value as Record<string, unknown>)[key], join(path, key)),
    );
  if (def.type === 'array' && Array.isArray(value))
    return value.flatMap((item, i) => namedReferences(def.element!, item, join(path, i)));
  if (def.type === 'union') {
    for (const option of def.options!) {
      if (option.safeParse(value).success) return namedReferences(option, value, path);
    }
  }
  return [];
}

/**
 * Walks a schema (no value): the kinds of reference it declares, and the paths of ids it holds
 * without declaring their kind (`*` stands for any array item).
 */
export function referenceFields(
  schema: z.ZodType,
  path = '',
  seen = new Set<z.ZodType>(),
): { declared: { path: string; kind: ReferenceKindName }[]; undeclared: string[] } {
  const out = { declared: [] as { path: string; kind: ReferenceKindName }[], undeclared: [] as string[] };
  if (seen.has(schema)) return out;
  seen.add(schema);
  const meta = references.get(schema);
  if (meta) {
    out.declared.push({ path, kind: meta.ref });
    return out;
  }
  const def = defOf(schema);
  const children: [z.ZodType, string][] = [];
  if (def.type === 'string' && def.format === 'uuid') out.undeclared.push(path);
  else if (WRAPPERS.has(def.type)) children.push([def.innerType!, path]);
  else if (def.type === 'pipe') children.push([def.in!, path]);
  else if (def.type === 'lazy') children.push([def.getter!(), path]);
  else if (def.type === 'object')
    for (const [key, field] of Object.entries(def.shape!)) children.push([field, join(path, key)]);
  else if (def.type === 'array') children.push([def.element!, join(path, '*')]);
  else if (def.type === 'union') for (const option of def.options!) children.push([option, path]);
  for (const [child, at] of children) {
    const found = referenceFields(child, at, seen);
    out.declared.push(...found.declared);
    out.undeclared.push(...found.undeclared);
  }
  // Only the schemas above this one stop a walk (a recursive schema); a schema used at two places
  // is walked at both.
  seen.delete(schema);
  return out;
}
