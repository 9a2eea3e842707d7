import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { npiCheckDigit } from '../npi.ts';
import {
  CsvReader,
  NPPES_COLUMNS as C,
  TAXONOMY_COLUMNS,
  credentialsOf,
  indexHeader,
  readRecord,
  titleCase,
} from './nppes.ts';

const parse = (chunks: string[]) => {
  const out: string[][] = [];
  const r = new CsvReader((f) => out.push(f));
  for (const c of chunks) r.push(c);
  r.end();
  return out;
};
const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;

describe('CSV reader', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF or LF', () => {
    expect(parse(['"a","b, c","say ""hi"""\r\n"x\ny",,z\n'])).toEqual([
      ['a', 'b, c', 'say "hi"'],
      ['x\ny', '', 'z'],
    ]);
    expect(parse(['a,b'])).toEqual([['a', 'b']]);
    expect(parse([''])).toEqual([]);
  });

  it('gives the same records however the text is cut into chunks (property)', () => {
    const field = fc.string({ maxLength: 8 }).map((s) => s.replace(/\r/g, ''));
    const records = fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(records, fc.array(fc.nat(), { maxLength: 6 }), (recs, cuts) => {
        const text = recs.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const chunks: string[] = [];
        let at = 0;
        for (const p of points) {
          chunks.push(text.slice(at, p));
          at = p;
        }
        chunks.push(text.slice(at));
        expect(parse(chunks)).toEqual(recs);
      }),
    );
  });
});

describe('NPPES records', () => {
  const header = [
    C.npi,
    C.entityType,
    C.lastName,
    C.firstName,
    C.middleName,
    C.credential,
    C.line1,
    C.city,
    C.state,
    C.postalCode,
    C.phone,
    ...TAXONOMY_COLUMNS,
  ];
  const h = indexHeader(header);
  if (!('index' in h)) throw new Error('header');
  const npi = (n: string) => `${n}${npiCheckDigit(n)}`;
  const rec = (over: Partial<Record<string, string>> = {}) => {
    const v: Record<string, string> = {
      [C.npi]: npi('123456789'),
      [C.entityType]: '1',
      [C.lastName]: "O'NEIL",
      [C.firstName]: 'MARY ANN',
      [C.middleName]: 'JUNE',
      [C.credential]: 'D.O.',
      [C.line1]: '1 MAIN ST',
      [C.city]: 'SAINT LOUIS',
      [C.state]: 'mo',
      [C.postalCode]: '631011234',
      [C.phone]: '3145550100',
      ...over,
    };
    return header.map((k) => v[k] ?? '');
  };
  const read = (over: Partial<Record<string, string>> = {}) => readRecord(rec(over), h.index, header.length);

  it('keeps a DO with a tidy name, address, ZIP and phone', () => {
    expect(read()).toEqual({
      physician: {
        npi: npi('123456789'),
        name: "Mary Ann J. O'Neil",
        credentials: ['DO'],
        taxonomies: [],
        address: { line: '1 Main St', city: 'Saint Louis', state: 'MO', postalCode: '63101' },
        phone: '(314) 555-0100',
      },
    });
  });

  it('keeps an MD only with an osteopathic taxonomy (any of the 15 slots)', () => {
    expect(read({ [C.credential]: 'MD' })).toEqual({ skip: 'not an osteopathic physician' });
    const md = read({ [C.credential]: 'MD', [TAXONOMY_COLUMNS[14]!]: '204D00000X' });
    expect('physician' in md && md.physician.taxonomies).toEqual(['204D00000X']);
  });

  it('skips with the reason: organisations, bad or deactivated NPIs, missing names or ZIP, short rows', () => {
    expect(read({ [C.entityType]: '2' })).toEqual({ skip: 'organisation, not an individual' });
    expect(read({ [C.npi]: '1234567890' === npi('123456789') ? '1234567891' : '1234567890' })).toEqual({
      skip: 'invalid NPI',
    });
    expect(read({ [C.firstName]: ' ' })).toEqual({ skip: 'missing name' });
    expect(read({ [C.postalCode]: '123' })).toEqual({ skip: 'missing practice ZIP code' });
    expect(readRecord(rec().slice(1), h.index, header.length)).toEqual({ skip: 'wrong number of fields' });
  });

  it('names the missing required columns', () => {
    expect(indexHeader([C.npi, C.firstName])).toEqual({
      missing: expect.arrayContaining([C.entityType, C.lastName, TAXONOMY_COLUMNS[0]]) as unknown,
    });
  });

  it('normalises credentials and names', () => {
    expect(credentialsOf('D.O., FAAO; M.P.H.')).toEqual(['DO', 'FAAO', 'MPH']);
    expect(credentialsOf('DO/PhD')).toEqual(['DO', 'PHD']);
    expect(titleCase('SMITH-JONES')).toBe('Smith-Jones');
  });
});
