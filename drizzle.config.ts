import { defineConfig } from 'drizzle-kit';

// drizzle-kit is used only to generate migrations; they are applied by the app at start-up
// (drizzle-kit migrate cannot load PGlite's contrib extensions).
export default defineConfig({
  dialect: 'postgresql',
  // Platform tables, plus each feature's own tables in src/server/features/<feature>/tables.ts.
  schema: ['./src/server/db/schema.ts', './src/server/features/*/tables.ts'],
  out: './src/server/db/migrations',
});
