import { and, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import {
  REFERENCE_KINDS,
  namedReferences,
  referenceFields,
  type NamedReference,
  type ReferenceKindName,
} from '../../contracts/references.ts';
import { builtOnce, type Db } from '../db/connect.ts';
import type { AuthedContext } from './context.ts';
import { HttpError, problemType } from './errors.ts';
import { sessionHeldSql, sessionHeldValues, sessionTouched } from './opening.ts';
import type { SessionProof } from './session.ts';

/**
 * A kind of record a body may name by id (`ref(kind)` in the contracts): how to find which of some
 * ids are records of this kind in a clinic. Features declare their kinds in their module.
 */
export interface ReferenceKind {
  name: ReferenceKindName;
  /** What the caller is told a wrong id is not, e.g. "a staff member of this clinic". */
  noun: string;
  /**
   * A select of `kind, id` for the ids that are records of this kind in the clinic: `clinicId` is
   * the clinic's uuid and `ids` the ids as one comma-separated text (placeholders of a statement
   * built once, see `ReferenceChecker.check`).
   */
  select: (clinicId: SQL | Placeholder, ids: SQL | Placeholder) => SQL;
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
      const match = and(
        sql`${spec.clinic} = ${clinicId}::uuid`,
        sql`${spec.id} = any(string_to_array(${ids}, ',')::uuid[])`,
        spec.where,
      );
      return sql`select ${spec.name}::text as kind, ${spec.id}::text as id from ${spec.table} where ${match}`;
    },
  };
}

/** The reference check's row that says a remembered session holds (no kind is named so). */
const SESSION_ROW = '(session)';

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
   *
   * With `session` (a session this process remembered, which no statement has checked yet), the
   * same statement is the request's check of it (`sessionHeldSql`, as the audited read's opening
   * statement does): `held` when it still holds, and only then are the ids judged; `not-held` when
   * it does not (nothing is refused: the caller serves the request again from a fresh lookup);
   * `unchecked` when the body names no id, so no statement ran. Without `session`: `unchecked`.
   */
  async check(
    db: Db,
    clinicId: string,
    schema: z.ZodType | undefined,
    body: unknown,
    session: { ctx: AuthedContext; proof: SessionProof } | null = null,
  ): Promise<'held' | 'not-held' | 'unchecked'> {
    if (!schema) return 'unchecked';
    const named = namedReferences(schema, body);
    if (!named.length) return 'unchecked';
    const byKind = new Map<ReferenceKindName, Set<string>>();
    for (const r of named) byKind.set(r.kind, (byKind.get(r.kind) ?? new Set()).add(r.id));
    const kinds = [...byKind.keys()].sort();
    const values: Record<string, unknown> = session
      ? { ...sessionHeldValues(session.ctx, session.proof), clinicId }
      : { clinicId };
    for (const kind of kinds) values[kind] = [...byKind.get(kind)!].join(',');
    const found = await this.statementFor(kinds, !!session)(db, values);
    if (session) {
      const held = found.find((r) => r.kind === SESSION_ROW);
      if (!held) return 'not-held';
      sessionTouched(db, session.ctx, session.proof, Number(held.id));
    }
    const known = new Set(found.map((r) => `${r.kind}|${r.id.toLowerCase()}`));
    const wrong = named.filter((r) => !known.has(`${r.kind}|${r.id.toLowerCase()}`));
    if (wrong.length) throw this.refusal(wrong);
    return session ? 'held' : 'unchecked';
  }

  private readonly statements = new Map<string, ReturnType<typeof builtOnce<{ kind: string; id: string }>>>();

  /**
   * One statement per set of kinds a body names, built once (most bodies name one practitioner or
   * patient): each kind's ids travel as one text, so the statement's text does not change with
   * their number. With `session`, the statement also checks a remembered session and answers a
   * row of kind `SESSION_ROW` (its id: how many sessions it touched) when it holds.
   */
  private statementFor(kinds: ReferenceKindName[], session: boolean) {
    const key = `${kinds.join(',')}${session ? '+session' : ''}`;
    let statement = this.statements.get(key);
    if (!statement) {
      const selects = kinds.map((kind) =>
        this.kinds.get(kind)!.select(sql.placeholder('clinicId'), sql.placeholder(kind)),
      );
      // Named by the set of kinds (a bit per kind of the contract's list): short and unique.
      const mask = kinds.reduce((m, k) => m | (1 << REFERENCE_KINDS.indexOf(k)), 0);
      const refs = sql.join(selects, sql` union all `);
      statement = session
        ? builtOnce(
            `stillpoint_refs_${mask}_session`,
            () => sql`with s as (${sessionHeldSql.s}), touch as (${sessionHeldSql.touch})
              select ${sql.raw(`'${SESSION_ROW}'`)}::text as kind, (select count(*) from touch)::text as id from s
              union all ${refs}`,
          )
        : builtOnce(`stillpoint_refs_${mask}`, () => refs);
      this.statements.set(key, statement);
    }
    return statement;
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
