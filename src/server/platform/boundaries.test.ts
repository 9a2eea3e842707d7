import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The boundaries of engineering.md are lint rules (eslint.config.js): each deliberate violation
 * below, placed at a path of the layer it breaks, is reported with the rule's message, and the
 * compliant imports beside it pass. The snippets are linted with the project's own config but
 * without type information, and only the boundary rule runs, so this stays fast.
 */
const ROOT = path.resolve(import.meta.dirname, '../../..');
const RULE = '@typescript-eslint/no-restricted-imports';

const DOMAIN_PURE = 'src/domain is pure: it imports nothing from src/server or src/web.';
const DOMAIN_CONTRACTS = 'src/domain is free of the contracts layer';
const DOMAIN_PACKAGES = 'src/domain is pure TypeScript: no zod, database, HTTP or React packages.';
const CONTRACTS_OUT = 'src/contracts is shared by the server and the web app';
const CONTRACTS_PACKAGES = 'src/contracts holds zod schemas: no database, HTTP or React packages.';
const WEB_SERVER = 'The web app never imports src/server';
const WEB_CONTRACTS = 'The web app imports src/contracts as types only';
const WEB_PACKAGES = 'The web app runs in the browser: no database or server packages.';
const SERVER_WEB = 'The server never imports src/web.';
const SQL = 'SQL lives only in store.ts / *-store.ts / tables.ts';
const CROSS_FEATURE = "Features import each other only through the other feature's index.ts";

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({
    cwd: ROOT,
    overrideConfigFile: path.join(ROOT, 'eslint.config.js'),
    overrideConfig: tseslint.configs.disableTypeChecked as Linter.Config,
    ruleFilter: ({ ruleId }) => ruleId === RULE,
  });
});

async function lint(file: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(`${code}\n`, { filePath: path.join(ROOT, file) });
  return result?.messages ?? [];
}

type Refused = [file: string, code: string, message: string];

/** Each refused import yields exactly one boundary report, carrying the rule's explanation. */
async function expectRefused([file, code, message]: Refused) {
  const messages = await lint(file, code);
  expect(messages.map((m) => [m.ruleId, m.line])).toEqual([[RULE, 1]]);
  expect(messages[0]?.message).toContain(message);
}

async function expectAllowed(file: string, code: string) {
  expect(await lint(file, code)).toEqual([]);
}

describe('the domain is pure', () => {
  const file = 'src/domain/omt/virtual.ts';
  it.each<Refused>([
    [file, "import { buildApp } from '../../server/app.ts';", DOMAIN_PURE],
    [file, "import { formatDate } from '../../web/lib/format.ts';", DOMAIN_PURE],
    ['src/domain/omt/charting/virtual.ts', "export * from '../../../server/db/schema.ts';", DOMAIN_PURE],
    [file, "import { encounterChartSchema } from '../../contracts/charting.ts';", DOMAIN_CONTRACTS],
    [file, "import { z } from 'zod';", DOMAIN_PACKAGES],
    [file, "import { sql } from 'drizzle-orm';", DOMAIN_PACKAGES],
    [file, "import type { FastifyInstance } from 'fastify';", DOMAIN_PACKAGES],
    [file, "import { useState } from 'react';", DOMAIN_PACKAGES],
    ['src/domain/omt/virtual.test.ts', "import { buildApp } from '../../server/app.ts';", DOMAIN_PURE],
  ])('%s: %s is refused', async (...refused) => {
    await expectRefused(refused);
  });

  it('imports its own modules and pure libraries', async () => {
    await expectAllowed(file, "import { REGIONS } from './regions.ts';\nimport { DateTime } from 'luxon';");
  });

  it('lets domain tests check the rules against the contracts', async () => {
    await expectAllowed(
      'src/domain/omt/charting/virtual.test.ts',
      "import { encounterChartSchema } from '../../../contracts/charting.ts';",
    );
  });
});

describe('contracts import zod and the domain only', () => {
  const file = 'src/contracts/virtual.ts';
  it.each<Refused>([
    [file, "import { patients } from '../server/db/schema.ts';", CONTRACTS_OUT],
    [file, "import { api } from '../web/api/client.ts';", CONTRACTS_OUT],
    [file, "import { sql } from 'drizzle-orm';", CONTRACTS_PACKAGES],
    [file, "import type { FastifyRequest } from 'fastify';", CONTRACTS_PACKAGES],
  ])('%s: %s is refused', async (...refused) => {
    await expectRefused(refused);
  });

  it('imports zod and the domain', async () => {
    await expectAllowed(file, "import { z } from 'zod';\nimport { REGIONS } from '../domain/omt/index.ts';");
  });
});

describe('the web app never imports the server, and takes contracts as types', () => {
  const file = 'src/web/features/charting/Virtual.tsx';
  it.each<Refused>([
    [file, "import { buildApp } from '../../../server/app.ts';", WEB_SERVER],
    [file, "import type { Db } from '../../../server/db/connect.ts';", WEB_SERVER],
    [file, "import { encounterChartSchema } from '../../../contracts/charting.ts';", WEB_CONTRACTS],
    [file, "import { type Patient, patientSchema } from '../../../contracts/patients.ts';", WEB_CONTRACTS],
    [file, "import { sql } from 'drizzle-orm';", WEB_PACKAGES],
    [
      'src/web/features/charting/virtual.test.ts',
      "import { buildApp } from '../../../server/app.ts';",
      WEB_SERVER,
    ],
  ])('%s: %s is refused', async (...refused) => {
    await expectRefused(refused);
  });

  it('imports contract types, the domain and its own modules', async () => {
    await expectAllowed(
      file,
      [
        "import type { Encounter } from '../../../contracts/charting.ts';",
        "import { type Patient } from '../../../contracts/patients.ts';",
        "import { REGIONS } from '../../../domain/omt/index.ts';",
        "import { api } from '../../api/client';",
      ].join('\n'),
    );
  });

  it('lets web tests check state against the schemas', async () => {
    await expectAllowed(
      'src/web/features/charting/virtual.test.ts',
      "import { encounterChartSchema } from '../../../contracts/charting.ts';",
    );
  });
});

describe('the server never imports the web app', () => {
  it.each<Refused>([
    ['src/server/app.ts', "import { App } from '../web/App.tsx';", SERVER_WEB],
    [
      'src/server/features/charting/virtual.ts',
      "import { formatDate } from '../../../web/lib/format.ts';",
      SERVER_WEB,
    ],
    [
      'src/server/features/charting/virtual.test.ts',
      "import { App } from '../../../web/App.tsx';",
      SERVER_WEB,
    ],
    ['src/cli.ts', "import { App } from './web/App.tsx';", SERVER_WEB],
  ])('%s: %s is refused', async (...refused) => {
    await expectRefused(refused);
  });
});

describe('SQL (drizzle and the drivers) only in stores, tables, db and platform', () => {
  it.each<Refused>([
    ['src/server/features/charting/service.ts', "import { sql } from 'drizzle-orm';", SQL],
    ['src/server/features/charting/print-facts.ts', "import { and, eq } from 'drizzle-orm';", SQL],
    ['src/server/features/charting/use-cases/sign.ts', "import type { SQL } from 'drizzle-orm';", SQL],
    ['src/server/features/charting/routes.ts', "import { pgTable } from 'drizzle-orm/pg-core';", SQL],
    ['src/server/features/charting/service.ts', "import pg from 'pg';", SQL],
    ['src/server/app.ts', "import { sql } from 'drizzle-orm';", SQL],
    ['src/server/routes.ts', "import { eq } from 'drizzle-orm';", SQL],
  ])('%s: %s is refused', async (...refused) => {
    await expectRefused(refused);
  });

  it.each([
    'src/server/features/charting/store.ts',
    'src/server/features/charting/visit-store.ts',
    'src/server/features/charting/tables.ts',
    'src/server/features/charting/subjects.ts',
    'src/server/features/charting/use-cases/store.ts',
    'src/server/features/charting/charting.test.ts',
    'src/server/features/scheduling/test-helpers.ts',
    'src/server/security/virtual.test.ts',
    'src/server/db/virtual.ts',
    'src/server/platform/virtual.ts',
    'src/server/testing/virtual.ts',
    'src/server/seed/virtual.ts',
    'src/cli.ts',
    'bench/virtual.ts',
  ])('%s may use drizzle', async (file) => {
    await expectAllowed(file, "import { and, eq, sql } from 'drizzle-orm';");
  });
});

describe('features import each other only through index.ts', () => {
  const file = 'src/server/features/charting/virtual.ts';
  it.each<Refused>([
    [file, "import { accessPatient } from '../patients/service.ts';", CROSS_FEATURE],
    [file, "import * as schedulingStore from '../scheduling/store.ts';", CROSS_FEATURE],
    [file, "export { book } from '../scheduling/service.ts';", CROSS_FEATURE],
    [file, "import { book } from '../../features/scheduling/service.ts';", CROSS_FEATURE],
    [
      'src/server/features/charting/store.ts',
      "import { findAppointment } from '../scheduling/store.ts';",
      CROSS_FEATURE,
    ],
    [
      'src/server/features/charting/use-cases/sign.ts',
      "import { book } from '../../scheduling/service.ts';",
      CROSS_FEATURE,
    ],
    [
      'src/server/features/charting/use-cases/steps/gate.ts',
      "import { book } from '../../../scheduling/service.ts';",
      CROSS_FEATURE,
    ],
  ])('%s: %s is refused', async (...refused) => {
    await expectRefused(refused);
  });

  it('imports its own files, other features through index.ts, and the shared layers', async () => {
    await expectAllowed(
      file,
      [
        "import { appointmentSubject } from '../scheduling/index.ts';",
        "import { encounterSubject } from './subjects.ts';",
        "import { openPatient } from '../../platform/access.ts';",
        "import type { Db } from '../../db/connect.ts';",
        "import { REGIONS } from '../../../domain/omt/index.ts';",
        "import type { EncounterChartInput } from '../../../contracts/charting.ts';",
      ].join('\n'),
    );
  });

  it('lets a use case in a sub-folder import its own feature and other features through index.ts', async () => {
    await expectAllowed(
      'src/server/features/charting/use-cases/sign.ts',
      [
        "import * as store from '../store.ts';",
        "import { signed } from './signed.ts';",
        "import { appointmentSubject } from '../../scheduling/index.ts';",
        "import { openPatient } from '../../../platform/access.ts';",
      ].join('\n'),
    );
  });

  it("lets a tables.ts reference another feature's tables for foreign keys", async () => {
    await expectAllowed(
      'src/server/features/charting/tables.ts',
      "import { appointments } from '../scheduling/tables.ts';",
    );
  });

  it("lets a store join another feature's tables (the shared schema), nothing else of it", async () => {
    await expectAllowed(
      'src/server/features/scheduling/store.ts',
      "import { encounters } from '../charting/tables.ts';",
    );
  });

  it.each([
    'src/server/features/notifications/notifications.test.ts',
    'src/server/features/scheduling/test-helpers.ts',
    'src/server/features/charting/pdf-text.testing.ts',
  ])('lets %s reach into another feature', async (testFile) => {
    await expectAllowed(testFile, "import { insertPatient } from '../patients/store.ts';");
  });
});
