import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../db/connect.ts';
import { bundleCli } from './cli-bundle.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A `dumpDataDir()` tarball of a migrated embedded database: every PGlite test app starts from it. */
    pgliteTemplate: string;
    /** The TEST_DATABASE_URL that was migrated before the run (test apps then skip the migrator). */
    postgresMigrated: string;
  }
}

interface Shared {
  ready: Promise<{ template: string; postgres: string; cli: string }>;
  removeCli: () => void;
  users: number;
  dir: string;
}

/**
 * Migrates once per run, before the test files start (and bundles the CLI the tests start servers
 * from, see cli-bundle.ts): the embedded database is migrated in memory
 * and dumped to a tarball that each test app loads (no initdb, no migrations per file); the shared
 * PostgreSQL test database is migrated once and test apps open it without the migrator.
 *
 * Vitest runs the global setup once per project; the work is shared through `globalThis` (one main
 * process) and the tarball is removed after the last project's teardown.
 */
export default async function setup(project: TestProject) {
  const key = Symbol.for('stillpoint.test.template');
  const g = globalThis as unknown as Record<symbol, Shared | undefined>;
  let shared = g[key];
  if (!shared) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-test-template-'));
    const cli = bundleCli();
    shared = {
      dir,
      users: 0,
      removeCli: cli.remove,
      ready: (async () => {
        const url = process.env.TEST_DATABASE_URL;
        if (url) {
          const d = await openDatabase({ databaseUrl: url });
          await d.close();
        }
        const d = await openDatabase({ dataDir: 'memory://' });
        try {
          const tarball = await d.pglite!.dumpDataDir('none');
          const file = path.join(dir, 'pglite-migrated.tar');
          fs.writeFileSync(file, Buffer.from(await tarball.arrayBuffer()));
          return { template: file, postgres: url ?? '', cli: cli.file };
        } finally {
          await d.close();
        }
      })(),
    };
    g[key] = shared;
  }
  shared.users++;
  const { template, postgres, cli } = await shared.ready;
  project.provide('pgliteTemplate', template);
  project.provide('postgresMigrated', postgres);
  project.provide('cliBundle', cli);
  return () => {
    if (--shared.users > 0) return;
    fs.rmSync(shared.dir, { recursive: true, force: true });
    shared.removeCli();
    g[key] = undefined;
  };
}
