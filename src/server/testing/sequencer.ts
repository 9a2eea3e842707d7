import fs from 'node:fs';
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Longest files first, on a fresh clone too. Two workers share the suite: a file that takes minutes
 * (backup, crash, the security matrix, the accessibility pages) started late leaves the other worker
 * idle at the end. Vitest orders by the durations it cached from the last run on this machine; a
 * clean checkout has no cache, so the durations of a recent full run are kept in
 * `test-durations.json` (refreshed by `npm run test:durations` after `CI=true npm test`). A file
 * with neither (a new file) runs first, as Vitest runs unknown files first: its length is unknown.
 */
/** From the project root (Vitest's root; `npm run` scripts run there too). */
export const DURATIONS_FILE = path.join('src', 'server', 'testing', 'test-durations.json');

type Durations = Record<string, number>;

function keptDurations(root: string): Durations {
  const file = path.join(root, DURATIONS_FILE);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { files: Durations }).files : {};
}

/** The key a file's duration is kept under: its project and its path from the root. */
export const durationKey = (project: string, root: string, file: string) =>
  `${project}:${path.relative(root, file)}`;

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const cache = this.ctx.cache;
    const kept = keptDurations(root);
    const weight = (spec: TestSpecification) => {
      const key = durationKey(spec.project.name, root, spec.moduleId);
      return cache.getFileTestResults(key)?.duration ?? kept[key] ?? Infinity;
    };
    const weighed = files.map((spec) => ({ spec, w: weight(spec) }));
    // Stable: equal weights keep the order Vitest's own sequencer gives them.
    const base = await super.sort(files);
    const rank = new Map(base.map((s, i) => [s, i]));
    return weighed
      .sort((a, b) => (b.w === a.w ? rank.get(a.spec)! - rank.get(b.spec)! : b.w - a.w))
      .map((x) => x.spec);
  }
}
