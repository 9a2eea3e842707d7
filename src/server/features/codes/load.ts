import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { projectRoot } from '../../paths.ts';
import { buildCodeSet, parseIcd10Tsv, type Icd10CodeSet } from './icd10cm.ts';

/**
 * The code set ships with the project (codesets/icd10cm, beside its README), found from the
 * project's folder so `npm start`, the CLI and the tests all read the same file whatever the
 * working directory. It stays on the server: the web app asks the search route.
 */
export const ICD10CM_FILE = path.join(projectRoot, 'codesets/icd10cm/icd10cm.tsv.gz');

let loading: Promise<Icd10CodeSet> | undefined;

/** Loads the code set on first use, once per process (concurrent callers share the one load). */
export function icd10cm(): Promise<Icd10CodeSet> {
  loading ??= load().catch((err: unknown) => {
    loading = undefined; // a failed read is tried again on the next call
    throw err;
  });
  return loading;
}

async function load(): Promise<Icd10CodeSet> {
  let zipped: Buffer;
  try {
    zipped = await readFile(ICD10CM_FILE);
  } catch (err) {
    throw new Error(
      `The ICD-10-CM code set is missing at ${ICD10CM_FILE}; it ships with Stillpoint (codesets/icd10cm): restore it from the repository.`,
      { cause: err },
    );
  }
  const text = (await promisify(gunzip)(zipped)).toString('utf8');
  return buildCodeSet(parseIcd10Tsv(text));
}
