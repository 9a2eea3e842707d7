import { isValidNpi } from '../npi.ts';

/**
 * The public NPI registry's full-replacement file (NPPES "Data Dissemination", CSV with a header
 * row, every field quoted): the columns the directory reads, and the rules that keep osteopathic
 * physicians. Pure: the import (server) feeds it records and writes what it returns.
 */
export const NPPES_COLUMNS = {
  npi: 'NPI',
  entityType: 'Entity Type Code',
  lastName: 'Provider Last Name (Legal Name)',
  firstName: 'Provider First Name',
  middleName: 'Provider Middle Name',
  credential: 'Provider Credential Text',
  organisation: 'Provider Organization Name (Legal Business Name)',
  line1: 'Provider First Line Business Practice Location Address',
  line2: 'Provider Second Line Business Practice Location Address',
  city: 'Provider Business Practice Location Address City Name',
  state: 'Provider Business Practice Location Address State Name',
  postalCode: 'Provider Business Practice Location Address Postal Code',
  phone: 'Provider Business Practice Location Address Telephone Number',
  deactivated: 'NPI Deactivation Date',
} as const;
export const TAXONOMY_COLUMNS = Array.from(
  { length: 15 },
  (_, i) => `Healthcare Provider Taxonomy Code_${i + 1}`,
);

/** Columns a file must have (the others are read when present). */
const REQUIRED = [
  NPPES_COLUMNS.npi,
  NPPES_COLUMNS.entityType,
  NPPES_COLUMNS.lastName,
  NPPES_COLUMNS.firstName,
  NPPES_COLUMNS.credential,
  NPPES_COLUMNS.line1,
  NPPES_COLUMNS.city,
  NPPES_COLUMNS.state,
  NPPES_COLUMNS.postalCode,
  TAXONOMY_COLUMNS[0]!,
];

/**
 * Osteopathic taxonomy codes (NUCC Health Care Provider Taxonomy): 204D00000X "Neuromusculoskeletal
 * Medicine & OMM" and 204C00000X "Neuromusculoskeletal Medicine, Sports Medicine". Taken from the
 * NUCC code set as we know it; not re-checked against the current release here [unverified], so
 * kept as data.
 */
export const OSTEOPATHIC_TAXONOMIES: readonly string[] = ['204D00000X', '204C00000X'];

export type ColumnIndex = Record<keyof typeof NPPES_COLUMNS, number> & { taxonomies: number[] };

/** Where each column is, or the names of the required columns the header lacks. */
export function indexHeader(header: readonly string[]): { index: ColumnIndex } | { missing: string[] } {
  const at = (name: string) => header.findIndex((h) => h.trim() === name);
  const missing = REQUIRED.filter((c) => at(c) < 0);
  if (missing.length) return { missing };
  const index = Object.fromEntries(Object.entries(NPPES_COLUMNS).map(([k, name]) => [k, at(name)])) as Record<
    keyof typeof NPPES_COLUMNS,
    number
  >;
  return { index: { ...index, taxonomies: TAXONOMY_COLUMNS.map(at).filter((i) => i >= 0) } };
}

export interface RegistryPhysician {
  npi: string;
  name: string;
  credentials: string[];
  taxonomies: string[];
  address: { line: string; city: string; state: string; postalCode: string };
  phone: string | null;
}

export type SkipReason =
  | 'wrong number of fields'
  | 'organisation, not an individual'
  | 'invalid NPI'
  | 'deactivated NPI'
  | 'not an osteopathic physician'
  | 'missing name'
  | 'missing practice ZIP code';

/** "D.O., FAAO" → ["DO", "FAAO"]: post-nominals in capitals without dots. */
export function credentialsOf(text: string): string[] {
  return [
    ...new Set(
      text
        .toUpperCase()
        .replace(/\./g, '')
        .split(/[,;/\s]+/)
        .map((t) => t.replace(/[^A-Z-]/g, ''))
        .filter((t) => t.length >= 2 && t.length <= 20),
    ),
  ];
}

/** "MARY ANN O'NEIL" → "Mary Ann O'Neil". */
export function titleCase(s: string): string {
  return s
    .trim()
    .toLowerCase()
    .replace(/(^|[\s'"(-])([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
}

/** One record of the file: the physician to keep, or why it is skipped. */
export function readRecord(
  fields: readonly string[],
  ix: ColumnIndex,
  width: number,
): { physician: RegistryPhysician } | { skip: SkipReason } {
  if (fields.length !== width) return { skip: 'wrong number of fields' };
  const f = (i: number) => (i >= 0 ? (fields[i] ?? '').trim() : '');
  if (f(ix.entityType) !== '1') return { skip: 'organisation, not an individual' };
  const npi = f(ix.npi);
  if (!isValidNpi(npi)) return { skip: 'invalid NPI' };
  if (f(ix.deactivated)) return { skip: 'deactivated NPI' };
  const credentials = credentialsOf(f(ix.credential));
  const taxonomies = ix.taxonomies.map(f).filter(Boolean);
  if (!credentials.includes('DO') && !taxonomies.some((t) => OSTEOPATHIC_TAXONOMIES.includes(t)))
    return { skip: 'not an osteopathic physician' };
  const first = f(ix.firstName);
  const last = f(ix.lastName);
  if (!first || !last) return { skip: 'missing name' };
  const zip = f(ix.postalCode).replace(/\D/g, '').slice(0, 5);
  if (zip.length !== 5) return { skip: 'missing practice ZIP code' };
  const phone = f(ix.phone).replace(/\D/g, '');
  const line = [f(ix.line1), f(ix.line2)].filter(Boolean).map(titleCase).join(', ');
  return {
    physician: {
      npi,
      name: [first, f(ix.middleName).slice(0, 1) ? `${f(ix.middleName).slice(0, 1)}.` : '', last]
        .filter(Boolean)
        .map(titleCase)
        .join(' '),
      credentials,
      taxonomies,
      address: {
        line,
        city: titleCase(f(ix.city)),
        state: f(ix.state).toUpperCase().slice(0, 2),
        postalCode: zip,
      },
      phone: phone.length === 10 ? `(${phone.slice(0, 3)}) ${phone.slice(3, 6)}-${phone.slice(6)}` : null,
    },
  };
}

/**
 * A streaming CSV reader (RFC 4180: quoted fields, doubled quotes, commas and line breaks inside
 * quotes): feed it chunks, it calls `onRecord` with each complete record's fields.
 */
export class CsvReader {
  private field = '';
  private record: string[] = [];
  private quoted = false;
  private afterQuote = false;
  private any = false;

  constructor(private readonly onRecord: (fields: string[]) => void) {}

  push(chunk: string): void {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (this.quoted) {
        if (c === '"') {
          if (chunk[i + 1] === '"') {
            this.field += '"';
            i++;
          } else if (i + 1 === chunk.length) {
            // A quote at the end of a chunk: decided by the next chunk's first character.
            this.quoted = false;
            this.afterQuote = true;
          } else {
            this.quoted = false;
          }
        } else this.field += c;
        continue;
      }
      if (this.afterQuote) {
        this.afterQuote = false;
        if (c === '"') {
          this.field += '"';
          this.quoted = true;
          continue;
        }
      }
      if (c !== '\n' && c !== '\r') this.any = true;
      if (c === '"' && this.field === '') this.quoted = true;
      else if (c === ',') this.endField();
      else if (c === '\n') this.endRecord();
      else if (c !== '\r') this.field += c;
    }
  }

  end(): void {
    this.afterQuote = false;
    if (this.any || this.field || this.record.length) this.endRecord();
  }

  private endField() {
    this.record.push(this.field);
    this.field = '';
  }

  private endRecord() {
    this.endField();
    const rec = this.record;
    const blank = !this.any && rec.length === 1;
    this.record = [];
    this.any = false;
    if (!blank) this.onRecord(rec);
  }
}
