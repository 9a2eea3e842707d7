/**
 * `npm run test:durations`: keeps the file durations of the last full run (Vitest's own cache of
 * this checkout, written by `npm test`) in `test-durations.json`, which the sequencer reads on a
 * clean checkout (sequencer.ts). Run it after a full `npm test` with TEST_DATABASE_URL set.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DURATIONS_FILE } from './sequencer.ts';

const cacheRoot = path.join('node_modules', '.vite', 'vitest');
const files = fs.existsSync(cacheRoot)
  ? fs
      .readdirSync(cacheRoot)
      .map((d) => path.join(cacheRoot, d, 'results.json'))
      .filter((f) => fs.existsSync(f))
  : [];
if (!files.length) {
  console.error('No Vitest results in node_modules/.vite/vitest: run `npm test` first.');
  process.exit(1);
}
const durations: Record<string, number> = {};
for (const f of files) {
  const { results } = JSON.parse(fs.readFileSync(f, 'utf8')) as {
    results: [string, { duration: number }][];
  };
  for (const [key, r] of results) if (r.duration > 0) durations[key] = Math.round(r.duration);
}
const sorted = Object.fromEntries(Object.entries(durations).sort(([a], [b]) => (a < b ? -1 : 1)));
fs.writeFileSync(
  DURATIONS_FILE,
  JSON.stringify(
    { note: 'ms per test file, from the last full run; see sequencer.ts', files: sorted },
    null,
    2,
  ) + '\n',
);
console.log(
  `${Object.keys(sorted).length} file durations written to ${path.relative(process.cwd(), DURATIONS_FILE)}`,
);
