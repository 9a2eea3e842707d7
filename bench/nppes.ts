/**
 * A synthetic NPI registry file in the NPPES layout (the columns the import reads, the 15 taxonomy
 * slots with their license columns, in the registry's order), for the directory benchmark:
 * `npx tsx bench/nppes.ts OUT.csv [ROWS]` (default 150,000). Deterministic (seeded), valid NPIs
 * (Luhn), real US ZIP codes; a realistic mix of DOs, MDs with and without an osteopathic taxonomy,
 * organisations, deactivated NPIs and a few broken rows the import must skip.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { npiCheckDigit } from '../src/domain/npi.ts';
import { NPPES_COLUMNS, TAXONOMY_COLUMNS } from '../src/domain/directory/nppes.ts';

export function nppesHeader(): string[] {
  const c = NPPES_COLUMNS;
  const taxonomy = TAXONOMY_COLUMNS.flatMap((t, i) => [
    t,
    `Provider License Number_${i + 1}`,
    `Provider License Number State Code_${i + 1}`,
    `Healthcare Provider Primary Taxonomy Switch_${i + 1}`,
  ]);
  return [
    c.npi,
    c.entityType,
    'Replacement NPI',
    'Employer Identification Number (EIN)',
    c.organisation,
    c.lastName,
    c.firstName,
    c.middleName,
    'Provider Name Prefix Text',
    'Provider Name Suffix Text',
    c.credential,
    c.line1,
    c.line2,
    c.city,
    c.state,
    c.postalCode,
    'Provider Business Practice Location Address Country Code (If outside U.S.)',
    c.phone,
    'Provider Enumeration Date',
    'Last Update Date',
    c.deactivated,
    ...taxonomy,
  ];
}

/** mulberry32: a small seeded generator, so every run writes the same file. */
export function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  'JAMES',
  'MARY',
  'ROBERT',
  'PATRICIA',
  'JOHN',
  'JENNIFER',
  'MICHAEL',
  'LINDA',
  'DAVID',
  'ELIZABETH',
  'WILLIAM',
  'BARBARA',
  'RICHARD',
  'SUSAN',
  'JOSEPH',
  'JESSICA',
  'THOMAS',
  'SARAH',
  'CHRISTOPHER',
  'KAREN',
  'PRIYA',
  'WEI',
  'ALEJANDRO',
  'FATIMA',
  'OLUWASEUN',
  'MEI',
  'IVAN',
  'SOFIA',
];
const LAST = [
  'SMITH',
  'JOHNSON',
  'WILLIAMS',
  'BROWN',
  'JONES',
  'GARCIA',
  'MILLER',
  'DAVIS',
  'RODRIGUEZ',
  'MARTINEZ',
  'HERNANDEZ',
  'LOPEZ',
  'GONZALEZ',
  'WILSON',
  'ANDERSON',
  'THOMAS',
  'TAYLOR',
  'MOORE',
  'JACKSON',
  'MARTIN',
  'LEE',
  'PEREZ',
  'THOMPSON',
  'WHITE',
  'HARRIS',
  'PATEL',
  'NGUYEN',
  'KIM',
  "O'BRIEN",
  'STILL',
];
const STREETS = [
  'MAIN ST',
  'OAK AVE',
  'MAPLE DR',
  'JEFFERSON ST',
  'MEDICAL PKWY',
  'CENTER RD',
  'LAKE ST',
  'HIGHLAND AVE',
];
const OTHER_TAXONOMIES = ['207Q00000X', '207R00000X', '208D00000X', '207X00000X', '2084P0800X', '207P00000X'];

let zipCache: { zip: string; city: string; state: string }[] | null = null;
function zips() {
  if (zipCache) return zipCache;
  const require = createRequire(import.meta.url);
  const codes = (
    require('zipcodes') as {
      codes: Record<string, { zip: string; city: string; state: string; country: string }>;
    }
  ).codes;
  zipCache = Object.values(codes).filter((z) => z.country === 'US' && /^\d{5}$/.test(z.zip));
  return zipCache;
}

const HEADER = nppesHeader();
const COLUMN = new Map(HEADER.map((h, i) => [h, i]));

const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;

/** Row `i` of the synthetic file (fields, unquoted). */
export function syntheticRow(i: number, rand: () => number): string[] {
  const pick = <T>(a: readonly T[]) => a[Math.floor(rand() * a.length)]!;
  const first9 = String(100000000 + i).slice(-9);
  const npi = `1${first9.slice(1)}`;
  const valid = `${npi.slice(0, 9)}${npiCheckDigit(npi.slice(0, 9))}`;
  const kind = rand();
  const org = kind < 0.04;
  const z = pick(zips());
  const taxonomies = Array.from({ length: 15 }, () => '');
  let credential = '';
  if (!org) {
    if (kind < 0.74) {
      credential = pick(['DO', 'D.O.', 'D.O', 'DO, FAAO', 'D.O., MPH']);
      taxonomies[0] = rand() < 0.12 ? '204D00000X' : pick(OTHER_TAXONOMIES);
    } else if (kind < 0.8) {
      credential = 'MD';
      taxonomies[0] = '204D00000X';
    } else {
      credential = pick(['MD', 'M.D.', 'NP', 'PA-C', 'DPT']);
      taxonomies[0] = pick(OTHER_TAXONOMIES);
    }
    if (rand() < 0.3) taxonomies[1] = pick(OTHER_TAXONOMIES);
  }
  const fields = HEADER.map(() => '');
  const set = (col: string, v: string) => (fields[COLUMN.get(col)!] = v);
  set(NPPES_COLUMNS.npi, kind > 0.995 ? `${valid.slice(0, 9)}${(Number(valid[9]) + 1) % 10}` : valid);
  set(NPPES_COLUMNS.entityType, org ? '2' : '1');
  if (org) set(NPPES_COLUMNS.organisation, `${pick(LAST)} OSTEOPATHIC ASSOCIATES`);
  else {
    set(NPPES_COLUMNS.lastName, pick(LAST));
    set(NPPES_COLUMNS.firstName, pick(FIRST));
    set(NPPES_COLUMNS.middleName, rand() < 0.5 ? pick(FIRST) : '');
  }
  set(NPPES_COLUMNS.credential, credential);
  set(NPPES_COLUMNS.line1, `${1 + Math.floor(rand() * 9000)} ${pick(STREETS)}`);
  set(NPPES_COLUMNS.line2, rand() < 0.2 ? `SUITE ${100 + Math.floor(rand() * 400)}` : '');
  set(NPPES_COLUMNS.city, z.city.toUpperCase());
  set(NPPES_COLUMNS.state, z.state);
  set(NPPES_COLUMNS.postalCode, `${z.zip}${rand() < 0.6 ? String(1000 + Math.floor(rand() * 8999)) : ''}`);
  set(NPPES_COLUMNS.phone, String(2002000000 + Math.floor(rand() * 7000000000)));
  set(NPPES_COLUMNS.deactivated, kind > 0.99 && kind <= 0.995 ? '01/15/2024' : '');
  taxonomies.forEach((t, k) => set(TAXONOMY_COLUMNS[k]!, t));
  return fields;
}

/** Writes `rows` synthetic rows; every 5,000th row is broken (a field short), as real files sometimes are. */
export function writeSynthetic(file: string, rows: number, seed = 12): void {
  const rand = seeded(seed);
  const fd = fs.openSync(file, 'w');
  let buf = nppesHeader().map(quote).join(',') + '\n';
  for (let i = 1; i <= rows; i++) {
    const fields = syntheticRow(i, rand);
    if (i % 5000 === 0) fields.pop();
    buf += fields.map(quote).join(',') + '\n';
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = '';
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop()!)) {
  const [out, n] = process.argv.slice(2);
  if (!out) {
    process.stderr.write('usage: npx tsx bench/nppes.ts OUT.csv [ROWS]\n');
    process.exit(1);
  }
  writeSynthetic(out, Number(n ?? 150_000));
  process.stdout.write(`wrote ${out}\n`);
}
