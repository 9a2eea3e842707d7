import { openDatabase } from '../db/connect.ts';

/** Migrate the shared PostgreSQL test database once, before parallel test files use it. */
export default async function setup() {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  const d = await openDatabase({ databaseUrl: url });
  await d.close();
}
