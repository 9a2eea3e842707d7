/**
 * Each run's report is also written as JSON (`reports/bench/last.json`, the one before it kept as
 * `previous.json`), and the printed report ends with what changed since the last run of the same
 * kind (full or `--quick`, same benchmarks). The machine's load is recorded with it: figures from a
 * busy machine are not comparable with a quiet one.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** `npm run bench -- --quick`: shorter loads and fewer samples, a run of about a minute per engine. */
export const quick = process.argv.includes('--quick');

interface SavedRow {
  what: string;
  figure: string;
  budget: string;
  ok: boolean | null;
}

interface SavedRun {
  at: string;
  quick: boolean;
  only: string | null;
  machine: { cpus: number; loadAverage1m: number; node: string };
  rows: SavedRow[];
}

const dir = path.resolve(import.meta.dirname, '..', 'reports', 'bench');
const state = (ok: boolean | null) => (ok === null ? '·' : ok ? 'ok' : 'GAP');

/** Writes this run's rows and prints the rows whose figure or state changed since the last comparable run. */
export function saveAndCompare(rows: SavedRow[], opts: { only: string | null }): void {
  const run: SavedRun = {
    at: new Date().toISOString(),
    quick,
    only: opts.only,
    machine: { cpus: os.cpus().length, loadAverage1m: os.loadavg()[0]!, node: process.version },
    rows,
  };
  mkdirSync(dir, { recursive: true });
  const lastFile = path.join(dir, 'last.json');
  let last: SavedRun | null = null;
  if (existsSync(lastFile)) {
    try {
      last = JSON.parse(readFileSync(lastFile, 'utf8')) as SavedRun;
    } catch {
      last = null; // an unreadable file is replaced, not compared
    }
    renameSync(lastFile, path.join(dir, 'previous.json'));
  }
  writeFileSync(lastFile, `${JSON.stringify(run, null, 2)}\n`);
  console.log(`\nResults written to ${path.relative(process.cwd(), lastFile)}.`);
  if (!last || last.quick !== run.quick || last.only !== run.only) {
    if (last)
      console.log(
        '(the last run was of another kind — full or --quick, or other benchmarks — so no comparison)',
      );
    return;
  }
  const before = new Map(last.rows.map((r) => [r.what, r]));
  console.log(
    `Since the last run (${last.at}, load ${last.machine.loadAverage1m.toFixed(1)}; now ${run.machine.loadAverage1m.toFixed(1)}):`,
  );
  let changes = 0;
  for (const r of rows) {
    const was = before.get(r.what);
    if (!was) {
      console.log(`  new   ${r.what}`);
      changes++;
    } else if (was.figure !== r.figure || was.ok !== r.ok) {
      console.log(
        `  ${state(was.ok)} → ${state(r.ok)}  ${r.what}\n        was: ${was.figure}\n        now: ${r.figure}`,
      );
      changes++;
    }
  }
  if (changes === 0) console.log('  no change');
}
