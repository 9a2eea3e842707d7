import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

// ---------------------------------------------------------------------------------------------
// Boundaries (issue 9): the layers of engineering.md, enforced rather than hoped for.
// `@typescript-eslint/no-restricted-imports` with regex patterns per file glob. ESLint does not
// merge one rule's options across config objects (the last match wins), so every block below
// carries the complete list for its files; later blocks refine earlier ones. Imports are matched
// as written (relative paths), which is why the cross-feature rule is generated per folder depth.
// src/server/platform/boundaries.test.ts lints a deliberate violation of each rule.
// ---------------------------------------------------------------------------------------------

/** A relative import that passes through a folder of one of these names. */
const through = (...names) => `^\\.{1,2}/(?:.*/)?(?:${names.join('|')})(?:/|$)`;
/** A bare package import of one of these (or a subpath of it). */
const packages = (...names) => `^(?:${names.join('|')})(?:/|$)`;
const restriction = (regex, message, extra = {}) => ({ regex, message, caseSensitive: true, ...extra });

const SQL_PACKAGES = ['drizzle-orm', 'pg', '@electric-sql/pglite'];
const SERVER_PACKAGES = [...SQL_PACKAGES, 'fastify', '@fastify/[^/]+'];
const REACT_PACKAGES = ['react', 'react-dom', 'react-router', '@mantine/[^/]+'];

const BOUNDARY = {
  domainOut: restriction(
    through('server', 'web'),
    'src/domain is pure: it imports nothing from src/server or src/web.',
  ),
  domainContracts: restriction(
    through('contracts'),
    'src/domain is free of the contracts layer (zod schemas); only domain tests may import src/contracts.',
  ),
  domainPackages: restriction(
    packages('zod', ...SERVER_PACKAGES, ...REACT_PACKAGES),
    'src/domain is pure TypeScript: no zod, database, HTTP or React packages.',
  ),
  contractsOut: restriction(
    through('server', 'web'),
    'src/contracts is shared by the server and the web app: it imports zod and src/domain, never src/server or src/web.',
  ),
  contractsPackages: restriction(
    packages(...SERVER_PACKAGES, ...REACT_PACKAGES),
    'src/contracts holds zod schemas: no database, HTTP or React packages.',
  ),
  webServer: restriction(
    through('server'),
    'The web app never imports src/server: take shapes from src/contracts (as types) and rules from src/domain.',
  ),
  webContracts: restriction(
    through('contracts'),
    'The web app imports src/contracts as types only (`import type`), so the schemas and zod stay out of the browser bundle.',
    { allowTypeImports: true },
  ),
  webPackages: restriction(
    packages(...SERVER_PACKAGES),
    'The web app runs in the browser: no database or server packages.',
  ),
  serverWeb: restriction(through('web'), 'The server never imports src/web.'),
  sql: restriction(
    packages(...SQL_PACKAGES),
    'SQL lives only in store.ts / *-store.ts / tables.ts (and subjects.ts conditions), src/server/db and src/server/platform: move this query into the feature store.',
  ),
};

/**
 * A feature file `depth` folders below `features/<name>/` reaching into another feature other
 * than through its index.ts (`../other/store.ts`, or `…/features/other/store.ts`). `also` names
 * further files of another feature that may be imported.
 */
const crossFeature = (depth, also = []) => {
  const allowed = `(?!(?:${['index', ...also].join('|')})(?:\\.ts)?$)`;
  const up = `(?:\\.\\./){${depth + 1}}`;
  return restriction(
    `^${up}(?!\\.)[^/]+/${allowed}|(?:^|/)features/[^/]+/${allowed}`,
    also.length === 0
      ? "Features import each other only through the other feature's index.ts: export what you need there."
      : "Features import each other only through the other feature's index.ts (a tables.ts may also reference another feature's tables.ts for foreign keys).",
  );
};

const TS = '{ts,tsx}';
const TEST_FILES = [`**/*.test.${TS}`, '**/test-helpers.ts', '**/*.testing.ts'];
const SQL_FILES = ['**/store.ts', '**/*-store.ts', '**/tables.ts', '**/subjects.ts'];
/** Deepest folder level inside a feature that the cross-feature rule is generated for. */
const FEATURE_DEPTH = 3;

const restrict = (files, patterns, ignores = []) => ({
  files,
  ignores,
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
});

const boundaries = [
  restrict(
    [`src/domain/**/*.${TS}`],
    [BOUNDARY.domainOut, BOUNDARY.domainContracts, BOUNDARY.domainPackages],
  ),
  restrict(
    TEST_FILES.map((glob) => `src/domain/${glob}`),
    [BOUNDARY.domainOut, BOUNDARY.domainPackages],
  ),
  restrict([`src/contracts/**/*.${TS}`], [BOUNDARY.contractsOut, BOUNDARY.contractsPackages]),
  restrict([`src/web/**/*.${TS}`], [BOUNDARY.webServer, BOUNDARY.webContracts, BOUNDARY.webPackages]),
  // Tests are not bundled: they may check the web app's state against the schemas themselves.
  restrict(
    TEST_FILES.map((glob) => `src/web/${glob}`),
    [BOUNDARY.webServer, BOUNDARY.webPackages],
  ),
  // The server side: no web app, and no SQL outside the places that hold it.
  restrict([`src/server/**/*.${TS}`, 'src/cli.ts', 'bench/**/*.ts'], [BOUNDARY.serverWeb, BOUNDARY.sql]),
  restrict(
    [
      'src/server/db/**',
      'src/server/platform/**',
      'src/server/testing/**',
      'src/server/seed/**', // the demo seed writes its rows with drizzle
      'src/cli.ts', // migrate, export and bench commands run their own statements
      'bench/**',
      ...SQL_FILES.map((glob) => `src/server/${glob}`),
      ...TEST_FILES.map((glob) => `src/server/${glob}`),
    ],
    [BOUNDARY.serverWeb],
  ),
  // Inside a feature (tests and test helpers excepted): other features only through index.ts.
  ...Array.from({ length: FEATURE_DEPTH + 1 }, (_, depth) => {
    const here = `src/server/features/*/${'*/'.repeat(depth)}`;
    const tests = TEST_FILES.map((glob) => `${here}${glob.replace('**/', '')}`);
    const sqlFiles = SQL_FILES.map((glob) => `${here}${glob.replace('**/', '')}`);
    return [
      restrict(
        [`${here}*.${TS}`],
        [BOUNDARY.serverWeb, BOUNDARY.sql, crossFeature(depth)],
        [...tests, ...sqlFiles],
      ),
      // Stores may join another feature's tables (the shared schema); nothing else of it.
      restrict(
        sqlFiles.filter((file) => !file.endsWith('/tables.ts')),
        [BOUNDARY.serverWeb, crossFeature(depth, ['tables'])],
        tests,
      ),
      restrict([`${here}tables.ts`], [BOUNDARY.serverWeb, crossFeature(depth, ['tables'])]),
    ];
  }).flat(),
];

export default tseslint.config(
  { ignores: ['dist/**', 'data/**', 'node_modules/**', 'coverage/**', 'test-results/**', 'bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
    },
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    // Tests read untyped JSON responses; asserting on them is the point.
    files: ['**/*.test.ts', 'e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  ...boundaries,
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  prettier,
);
