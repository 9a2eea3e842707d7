import fs from 'node:fs';
import type { Db } from '../../db/connect.ts';
import {
  CsvReader,
  indexHeader,
  readRecord,
  type ColumnIndex,
  type RegistryPhysician,
} from '../../../domain/directory/nppes.ts';
import { badRequest } from '../../platform/errors.ts';
import { zipCentroid } from './geo.ts';
import { searchTextOf } from './profiles.ts';
import * as store from './store.ts';

const BATCH = 1000;

export interface ImportReport {
  rows: number;
  imported: number;
  inserted: number;
  updated: number;
  /** Rows not written, by reason (a physician a clinic lists under the same NPI keeps the clinic's listing). */
  skipped: Record<string, number>;
  /** Imported without a location (their ZIP code is not in the offline table): found by name, not by distance. */
  notGeocoded: number;
  /** The first few skipped rows, by line number, to look at in the file. */
  examples: { line: number; reason: string }[];
  seconds: number;
}

/**
 * `stillpoint directory import FILE`: reads an NPPES-layout CSV as a stream, keeps osteopathic
 * physicians, geocodes them by ZIP and upserts them by NPI in batches. A batch is one transaction;
 * if the database refuses it, its rows are retried one by one, so a bad row is reported and
 * skipped and never half-written. Registry listings are never bookable (no practitioner row).
 */
export async function importRegistryFile(
  db: Db,
  file: string,
  opts: { now: Date; onProgress?: (r: ImportReport) => void },
): Promise<ImportReport> {
  const started = Date.now();
  const report: ImportReport = {
    rows: 0,
    imported: 0,
    inserted: 0,
    updated: 0,
    skipped: {},
    notGeocoded: 0,
    examples: [],
    seconds: 0,
  };
  const skip = (line: number, reason: string) => {
    report.skipped[reason] = (report.skipped[reason] ?? 0) + 1;
    if (report.examples.length < 20) report.examples.push({ line, reason });
  };
  let header: { index: ColumnIndex; width: number } | null = null;
  let pending: { line: number; p: RegistryPhysician }[] = [];
  let line = 0;
  const flush = async () => {
    const batch = pending;
    pending = [];
    if (batch.length) await writeBatch(db, batch, opts.now, report, skip);
    report.seconds = (Date.now() - started) / 1000;
    opts.onProgress?.(report);
  };
  const queue: string[][] = [];
  const reader = new CsvReader((fields) => queue.push(fields));
  const drain = async () => {
    for (const fields of queue.splice(0)) {
      line++;
      if (!header) {
        const h = indexHeader(fields);
        if ('missing' in h)
          throw badRequest(
            `This is not an NPPES file: it lacks the column(s) ${h.missing.map((m) => `"${m}"`).join(', ')}. Use the registry's full CSV (npidata_pfile).`,
            h.missing.map((m) => ({ path: 'header', message: `Missing column ${m}` })),
          );
        header = { index: h.index, width: fields.length };
        continue;
      }
      report.rows++;
      const res = readRecord(fields, header.index, header.width);
      if ('skip' in res) skip(line, res.skip);
      else pending.push({ line, p: res.physician });
      if (pending.length >= BATCH) await flush();
    }
  };
  const stream = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  for await (const chunk of stream) {
    reader.push(chunk as string);
    await drain();
  }
  reader.end();
  await drain();
  if (!header) throw badRequest('The file is empty: use the registry’s full CSV with its header row.');
  await flush();
  // A bulk load leaves the trigram index's new entries in its pending list (read by every text
  // search until a vacuum) and the planner's statistics behind: both are settled before searches meet it.
  await store.settleAfterImport(db);
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

function entryOf(p: RegistryPhysician, now: Date, report: ImportReport): store.EntryInsert {
  const place = zipCentroid(p.address.postalCode);
  if (!place) report.notGeocoded++;
  return {
    npi: p.npi,
    source: 'registry',
    name: p.name,
    credentials: p.credentials,
    taxonomies: p.taxonomies,
    address: p.address,
    phone: p.phone,
    lat: place?.lat ?? null,
    lng: place?.lng ?? null,
    searchText: searchTextOf(p.name, []),
    updatedAt: now,
  };
}

async function writeBatch(
  db: Db,
  batch: { line: number; p: RegistryPhysician }[],
  now: Date,
  report: ImportReport,
  skip: (line: number, reason: string) => void,
) {
  // The same NPI twice in one file: the later row wins (one statement cannot touch a row twice).
  const byNpi = new Map(batch.map((b) => [b.p.npi, b]));
  for (const b of batch) if (byNpi.get(b.p.npi) !== b) skip(b.line, 'NPI repeated later in the file');
  const rows = [...byNpi.values()];
  const geocodedBefore = report.notGeocoded;
  try {
    const entries = rows.map((r) => entryOf(r.p, now, report));
    const res = await db.transaction((tx) => store.upsertRegistry(tx, entries));
    count(report, res, rows, skip);
  } catch {
    report.notGeocoded = geocodedBefore;
    for (const r of rows) {
      try {
        const res = await db.transaction((tx) => store.upsertRegistry(tx, [entryOf(r.p, now, report)]));
        count(report, res, [r], skip);
      } catch {
        skip(r.line, 'refused by the database');
      }
    }
  }
}

function count(
  report: ImportReport,
  res: { inserted: number; updated: number; written: Set<string> },
  sent: { line: number; p: RegistryPhysician }[],
  skip: (line: number, reason: string) => void,
) {
  report.inserted += res.inserted;
  report.updated += res.updated;
  report.imported += res.inserted + res.updated;
  // Rows the upsert left alone: a clinic lists that NPI itself.
  for (const s of sent) if (!res.written.has(s.p.npi)) skip(s.line, 'listed by a clinic on this server');
}
