/**
 * A synthetic NPI registry file in the NPPES layout (the columns the import reads, the 15 taxonomy
 * slots with their license columns, in the registry's order), for the directory benchmark:
 * `npx tsx bench/nppes.ts OUT.csv [ROWS]` (default 150,000). Deterministic (seeded), valid NPIs
 * (Luhn), real US ZIP codes drawn by population, ~2,100 real surnames by frequency and made-up ones
 * for the rare tail (bench/surnames.ts); a realistic mix of DOs, MDs with and without an osteopathic taxonomy,
 * organisations, deactivated NPIs and a few broken rows the import must skip.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { npiCheckDigit } from '../src/domain/npi.ts';
import { NPPES_COLUMNS, TAXONOMY_COLUMNS } from '../src/domain/directory/nppes.ts';
import { surname } from './surnames.ts';

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

const FIRST = `
JAMES MARY ROBERT PATRICIA JOHN JENNIFER MICHAEL LINDA DAVID ELIZABETH WILLIAM BARBARA RICHARD SUSAN
JOSEPH JESSICA THOMAS SARAH CHRISTOPHER KAREN CHARLES LISA DANIEL NANCY MATTHEW BETTY ANTHONY SANDRA
MARK MARGARET DONALD ASHLEY STEVEN KIMBERLY ANDREW EMILY PAUL DONNA JOSHUA MICHELLE KENNETH CAROL
KEVIN AMANDA BRIAN MELISSA GEORGE DEBORAH TIMOTHY STEPHANIE RONALD REBECCA JASON SHARON EDWARD LAURA
JEFFREY CYNTHIA RYAN DOROTHY JACOB AMY GARY KATHLEEN NICHOLAS ANGELA ERIC SHIRLEY JONATHAN EMMA
STEPHEN BRENDA LARRY PAMELA JUSTIN NICOLE SCOTT ANNA BRANDON SAMANTHA BENJAMIN KATHERINE SAMUEL
CHRISTINE GREGORY DEBRA ALEXANDER RACHEL PATRICK CAROLYN FRANK JANET RAYMOND MARIA JACK OLIVIA DENNIS
HEATHER JERRY HELEN TYLER CATHERINE AARON DIANE JOSE JULIE ADAM VICTORIA NATHAN JOYCE HENRY LAUREN
ZACHARY KELLY DOUGLAS CHRISTINA PETER RUTH KYLE JOAN NOAH VIRGINIA ETHAN JUDITH JEREMY EVELYN
CHRISTIAN HANNAH WALTER ANDREA KEITH MEGAN AUSTIN CHERYL ROGER JACQUELINE TERRY MADISON SEAN TERESA
GERALD ABIGAIL CARL SOPHIA DYLAN MARTHA HAROLD SARA JORDAN GLORIA JESSE JANICE BRYAN KATHRYN LAWRENCE
ANN ARTHUR ISABELLA GABRIEL JUDY BRUCE CHARLOTTE LOGAN JULIA BILLY GRACE JOE AMBER ALAN ALICE JUAN
JEAN ELIJAH DENISE WILLIE FRANCES ALBERT DANIELLE WAYNE MARILYN RANDY NATALIE MASON BEVERLY VINCENT
DIANA LIAM BRITTANY ROY THERESA BOBBY KAYLA CAEDEN ALEXIS PRIYA WEI ALEJANDRO FATIMA OLUWASEUN MEI
IVAN SOFIA RAHUL ANJALI HIROSHI YUKI MIN-JUN JI-WOO CHIDI NGOZI KWAME AMARA DMITRI OKSANA LUCA GIULIA
MATEO VALENTINA OMAR LAYLA TARIQ AISHA ARJUN DEEPA THANH LINH XIAOMING JING CARLOS GUADALUPE
`
  .split(/\s+/)
  .filter(Boolean);

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

/**
 * State populations, 2020 US Census (millions, rounded): physicians practise where people live, so
 * rows are spread over states by population, and within a state over its ZIP codes by the number of
 * ZIP codes of the same city (Chicago has ~60, a village one), a proxy for the city's size that the
 * offline `zipcodes` table can give (it has no population column).
 */
const STATE_POPULATION: Record<string, number> = {
  CA: 39.5,
  TX: 29.1,
  FL: 21.5,
  NY: 20.2,
  PA: 13.0,
  IL: 12.8,
  OH: 11.8,
  GA: 10.7,
  NC: 10.4,
  MI: 10.1,
  NJ: 9.3,
  VA: 8.6,
  WA: 7.7,
  AZ: 7.2,
  MA: 7.0,
  TN: 6.9,
  IN: 6.8,
  MD: 6.2,
  MO: 6.2,
  WI: 5.9,
  CO: 5.8,
  MN: 5.7,
  SC: 5.1,
  AL: 5.0,
  LA: 4.7,
  KY: 4.5,
  OR: 4.2,
  OK: 4.0,
  CT: 3.6,
  UT: 3.3,
  IA: 3.2,
  NV: 3.1,
  AR: 3.0,
  MS: 3.0,
  KS: 2.9,
  NM: 2.1,
  NE: 2.0,
  ID: 1.8,
  WV: 1.8,
  HI: 1.5,
  NH: 1.4,
  ME: 1.4,
  RI: 1.1,
  MT: 1.1,
  DE: 1.0,
  SD: 0.9,
  ND: 0.8,
  AK: 0.7,
  DC: 0.7,
  VT: 0.6,
  WY: 0.6,
};

interface Zip {
  zip: string;
  city: string;
  state: string;
}
let zipCache: { rows: Zip[]; cumulative: number[] } | null = null;
function zips() {
  if (zipCache) return zipCache;
  const require = createRequire(import.meta.url);
  const codes = (
    require('zipcodes') as {
      codes: Record<string, { zip: string; city: string; state: string; country: string }>;
    }
  ).codes;
  const rows = Object.values(codes)
    .filter((z) => z.country === 'US' && /^\d{5}$/.test(z.zip) && STATE_POPULATION[z.state])
    .sort((a, b) => (a.zip < b.zip ? -1 : 1));
  const perCity = new Map<string, number>();
  const perState = new Map<string, number>();
  for (const z of rows) {
    const city = `${z.state}|${z.city}`;
    perCity.set(city, (perCity.get(city) ?? 0) + 1);
  }
  // A ZIP's weight within its state: its city's ZIP count (so a city's share grows with its square).
  for (const z of rows)
    perState.set(z.state, (perState.get(z.state) ?? 0) + perCity.get(`${z.state}|${z.city}`)!);
  const cumulative: number[] = [];
  let sum = 0;
  for (const z of rows) {
    const w = perCity.get(`${z.state}|${z.city}`)! / perState.get(z.state)!;
    cumulative.push((sum += w * STATE_POPULATION[z.state]!));
  }
  zipCache = { rows, cumulative: cumulative.map((c) => c / sum) };
  return zipCache;
}

/** A ZIP code drawn by population (see STATE_POPULATION). */
function zipOf(rand: () => number): Zip {
  const { rows, cumulative } = zips();
  const r = rand();
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! < r) lo = mid + 1;
    else hi = mid;
  }
  return rows[lo]!;
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
  const z = zipOf(rand);
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
  if (org) set(NPPES_COLUMNS.organisation, `${surname(rand)} OSTEOPATHIC ASSOCIATES`);
  else {
    set(NPPES_COLUMNS.lastName, surname(rand));
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
