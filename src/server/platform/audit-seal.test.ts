import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describeEngines, startTestApp, type TestApp } from '../testing/harness.ts';
import { rawRows } from '../db/connect.ts';
import { chainTail, sealAudit, verifyAuditChain, writeAudit } from './audit.ts';

/** Rolls back whatever the callback wrote: the audit table refuses deletes, so tests leave nothing behind this way. */
class Rollback extends Error {}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Scan Direction'?: string;
  Plans?: PlanNode[];
}
const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

describeEngines('audit sealer on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  it("finds a chain's sealed tail through the (chain, seq) index, without reading or sorting the chain", async () => {
    const chain = `clinic:${randomUUID()}`;
    let plan: PlanNode | undefined;
    await t.database.db
      .transaction(async (tx) => {
        // A long sealed chain (fake hashes; rolled back below), then fresh statistics.
        await tx.execute(sql`
          insert into audit_events (id, chain, at, action, resource_type, outcome, seq, prev_hash, hash)
          select gen_random_uuid(), ${chain}, now(), 'test.read', 'Test', 'success', g, md5((g - 1)::text), md5(g::text)
          from generate_series(1, 20000) g`);
        await tx.execute(sql`analyze audit_events`);
        const tail = await rawRows<{ seq: string | number; hash: string }>(tx, chainTail(chain));
        expect(tail.map((r) => [Number(r.seq), r.hash])).toEqual([[20000, md5Of(20000)]]);
        const [row] = await rawRows<{ 'QUERY PLAN': unknown }>(
          tx,
          sql`explain (format json) ${chainTail(chain)}`,
        );
        const json = row!['QUERY PLAN'];
        plan = (typeof json === 'string' ? JSON.parse(json) : json)[0].Plan as PlanNode;
        throw new Rollback();
      })
      .catch((err: unknown) => {
        if (!(err instanceof Rollback)) throw err;
      });
    const all = nodes(plan!);
    expect(all.map((n) => n['Node Type'])).not.toContain('Sort');
    expect(all.map((n) => n['Node Type'])).not.toContain('Seq Scan');
    const scan = all.find((n) => n['Index Name'] === 'audit_chain_seq_uq');
    expect(scan?.['Scan Direction']).toBe('Backward');
  });

  it('continues the chain from its sealed tail across sealing passes', async () => {
    const clinicId = randomUUID();
    const ctx = {
      requestId: 'seal-tail',
      user: null,
      via: 'anonymous' as const,
      ip: '127.0.0.1',
      userAgent: 'test',
      now: new Date(),
    };
    const write = (action: string) =>
      writeAudit(t.database.db, ctx, { clinicId, action, resourceType: 'Test', outcome: 'success' });
    await write('one');
    await write('two');
    await sealAudit(t.database.db);
    await write('three');
    await sealAudit(t.database.db);
    const rows = await rawRows<{ action: string; seq: string | number }>(
      t.database.db,
      sql`select action, seq from audit_events where chain = ${`clinic:${clinicId}`} order by n`,
    );
    expect(rows.map((r) => [r.action, Number(r.seq)])).toEqual([
      ['one', 1],
      ['two', 2],
      ['three', 3],
    ]);
    const verdict = await verifyAuditChain(t.database.db, { clinicId });
    expect(verdict).toMatchObject({ ok: true, checked: 3, problems: [] });
  });
});

function md5Of(n: number): string {
  // Same as SQL md5(n::text): the fake hashes above.
  return createHash('md5').update(String(n)).digest('hex');
}
