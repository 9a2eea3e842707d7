import fs from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { inject } from 'vitest';
import { projectRoot } from '../paths.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's one-file bundle of the CLI (see bundleCli); empty when the run has none. */
    cliBundle: string;
  }
}

/** The command users run. The e2e seeding and a few CLI tests start it as it is. */
export const CLI_ENTRY = path.join(projectRoot, 'bin/stillpoint.mjs');

/**
 * Bundles src/cli.ts with esbuild into one file inside the project (packages stay imports, resolved
 * from node_modules), once per test run. A server started from it reaches "listening" on about a
 * third of the CPU that tsx's loader needs for the same sources (measured: `--version` 0.97 vs
 * 2.36 CPU-s), and the suite starts ~50 of them. Same sources, same packages, same behaviour; the
 * files the server reads at run time are found from the project's folder (src/server/paths.ts).
 */
export function bundleCli(): { file: string; remove: () => void } {
  // Not under node_modules: where that is a link to another checkout's (a git worktree), Node runs
  // the bundle from its real path, and projectRoot would be that checkout, with its dist/web.
  const dir = path.join(projectRoot, 'dist/.cli-bundles');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `cli-${process.pid}-${Date.now()}.mjs`);
  buildSync({
    entryPoints: [path.join(projectRoot, 'src/cli.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node}`,
    packages: 'external',
    logLevel: 'warning',
  });
  return { file, remove: () => fs.rmSync(file, { force: true }) };
}

/** The script a test starts the CLI with: the run's bundle when its global setup made one. */
export function cliScript(): string {
  return inject('cliBundle') || CLI_ENTRY;
}
