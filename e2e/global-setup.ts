import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { CLI_ENTRY, bundleCli } from '../src/server/testing/cli-bundle.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A data folder with the demo clinic seeded: each e2e server starts on a copy of it. */
    e2eSeededDataDir: string;
  }
}

/**
 * Seeds the demo clinic once per run (migrations, demo users' password hashes, records), with the
 * command users run, instead of once per test file: startServer() copies the folder and starts the
 * server from the run's bundle of the same CLI (src/server/testing/cli-bundle.ts).
 */
export default function setup(project: TestProject) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-e2e-seeded-'));
  const dataDir = path.join(root, 'data');
  const res = spawnSync(process.execPath, [CLI_ENTRY, 'seed', '--demo'], {
    env: { ...process.env, STILLPOINT_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });
  if (res.status !== 0) throw new Error(`seeding the e2e data folder failed:\n${res.stdout}\n${res.stderr}`);
  project.provide('e2eSeededDataDir', dataDir);
  const cli = bundleCli();
  project.provide('cliBundle', cli.file);
  return () => {
    fs.rmSync(root, { recursive: true, force: true });
    cli.remove();
  };
}
