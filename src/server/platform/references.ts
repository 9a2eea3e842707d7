import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import {
  namedReferences,
  referenceFields,
  type NamedReference,
  type ReferenceKindName,
} from '../../contracts/references.ts';
import { rawRows, type Db } from '../db/connect.ts';
import { HttpError, problemType } from './errors.ts';

/**
 * A kind of record a body may name by id (`ref(kind)` in the contracts): how to find which of some
 * ids are records of this kind in a clinic. Features declare their kinds in their module.
 */
export interface ReferenceKind {
  name: ReferenceKindName;
  /** What the caller is told a wrong id is not, e.g. "a staff member of this clinic". */
  noun: string;
  /** A select of `kind, id` for the ids that are records of this kind in the clinic. */
  select: (clinicId: string, ids: string[]) => SQL;
}

/** A kind whose records are rows of one table with a clinic column (and optionally a condition). */
export function tableReference(spec: {
  name: ReferenceKindName;
  noun: string;
  table: PgTable;
  id: PgColumn;
  clinic: PgColumn;
  where?: SQL;
}): ReferenceKind {
  return {
    name: spec.name,
    noun: spec.noun,
    select: (clinicId, ids) => {
      const match = and(eq(spec.clinic, clinicId), inArray(spec.id, ids), spec.where);
      return sql`select ${spec.name}::text as kind, ${spec.id}::text as id from ${spec.table} where ${match}`;
    },
  };
}

/** The references of every route body, checked before any handler runs. */
export class ReferenceChecker {
  private readonly kinds = new Map<ReferenceKindName, ReferenceKind>();

  constructor(kinds: readonly ReferenceKind[]) {
    for (const kind of kinds) {
      if (this.kinds.has(kind.name)) throw new Error(`reference kind "${kind.name}" is declared twice`);
      this.kinds.set(kind.name, kind);
    }
  }

  /** Problems of a body schema (checked when the app starts): kinds no feature declares. */
  problems(name: string, schema: z.ZodType | undefined): string[] {
    if (!schema) return [];
    return referenceFields(schema)
      .declared.filter((f) => !this.kinds.has(f.kind))
      .map((f) => `${name}: body field ${f.path} names a "${f.kind}", a kind no feature declares.`);
  }

  /**
   * Refuses (400, naming each field) a body whose ids are not records of their kind in the
   * caller's clinic: another clinic's record, a record of another kind and an id naming nothing
   * read alike. One statement for all the ids of a body; none when it names no id.
   */
  async check(db: Db, clinicId: string, schema: z.ZodType | undefined, body: unknown): Promise<void> {
    if (!schema) return;
    const named = namedReferences(schema, body);
    if (!named.length) return;
    const byKind = new Map<ReferenceKindName, string[]>();
    for (const r of named) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r.id]);
    const selects = [...byKind].map(([kind, ids]) =>
      this.kinds.get(kind)!.select(clinicId, [...new Set(ids)]),
    );
    const found = await rawRows<{ kind: string; id: string }>(db, sql.join(selects, sql` union all `));
    const known = new Set(found.map((r) => `${r.kind}|${r.id.toLowerCase()}`));
    const wrong = named.filter((r) => !known.has(`${r.kind}|${r.id.toLowerCase()}`));
    if (wrong.length) throw this.refusal(wrong);
  }

  private refusal(wrong: NamedReference[]): HttpError {
    const errors = wrong.map((r) => ({
      path: r.path,
      message: `${r.id} is not ${this.kinds.get(r.kind)!.noun}: choose one from the list.`,
    }));
    return new HttpError(400, 'Invalid request', `${errors[0]!.path}: ${errors[0]!.message}`, {
      type: problemType('unknown-reference'),
      errors,
    });
  }
}
