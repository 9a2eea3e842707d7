import { describe, expect, it } from 'vitest';
import { previewCoding } from '../domain/omt/coding.ts';
import { checkSafety } from '../domain/omt/safety/engine.ts';
import {
  codingRequestSchema,
  codingResponseSchema,
  safetyCheckRequestSchema,
  safetyCheckResponseSchema,
} from './omt.ts';

const ICD = 'http://hl7.org/fhir/sid/icd-10-cm';
const issues = (schema: typeof safetyCheckRequestSchema | typeof codingRequestSchema, body: unknown) => {
  const r = schema.safeParse(body);
  if (r.success) throw new Error('expected a validation failure');
  return r.error.issues.map((i) => ({ path: i.path.join('/'), message: i.message }));
};

const apiExample = {
  patient: {
    birthDate: '1950-10-24',
    conditions: [{ system: ICD, code: 'M81.0' }],
    flags: [{ flag: 'anticoagulated' }],
  },
  plan: [
    { technique: 'hvla', region: 'thoracic' },
    { technique: 'counterstrain', region: 'thoracic' },
  ],
  policy: 'strict',
};

describe('safety-check request', () => {
  it('accepts the api.md example', () => {
    expect(safetyCheckRequestSchema.parse(apiExample)).toEqual(apiExample);
  });

  it('defaults policy to strict and conditions/flags to empty', () => {
    const parsed = safetyCheckRequestSchema.parse({ patient: { ageYears: 3 }, plan: [] });
    expect(parsed).toEqual({
      patient: { ageYears: 3, conditions: [], flags: [] },
      plan: [],
      policy: 'strict',
    });
  });

  it('normalises ICD-10-CM codes and keeps a condition site', () => {
    const parsed = safetyCheckRequestSchema.parse({
      patient: { conditions: [{ code: ' c79.51 ', region: 'lumbar' }] },
      plan: [],
    });
    expect(parsed.patient.conditions).toEqual([{ code: 'C79.51', region: 'lumbar' }]);
  });

  it('names the field of an unknown technique or region', () => {
    const body = {
      ...apiExample,
      plan: [
        { technique: 'reiki', region: 'thoracic' },
        { technique: 'hvla', region: 'neck' },
      ],
    };
    expect(issues(safetyCheckRequestSchema, body).map((i) => i.path)).toEqual([
      'plan/0/technique',
      'plan/1/region',
    ]);
  });

  it('rejects malformed ICD-10-CM codes and other code systems', () => {
    const bad = issues(safetyCheckRequestSchema, {
      patient: {
        conditions: [
          { system: ICD, code: 'M810' },
          { system: 'http://snomed.info/sct', code: 'M81.0' },
        ],
      },
      plan: [],
    });
    expect(bad).toEqual([
      {
        path: 'patient/conditions/0/code',
        message: '"M810" is not well formed: put a dot after the 3-character category (e.g. M81.0)',
      },
      { path: 'patient/conditions/1/system', message: `Conditions must be ICD-10-CM codes (system ${ICD})` },
    ]);
  });

  it('rejects unknown flags, bad dates, unknown policies and birthDate together with ageYears', () => {
    expect(
      issues(safetyCheckRequestSchema, { patient: { flags: [{ flag: 'vip' }] }, plan: [] })[0]!.path,
    ).toBe('patient/flags/0/flag');
    expect(issues(safetyCheckRequestSchema, { patient: { birthDate: '1950-02-30' }, plan: [] })).toEqual([
      { path: 'patient/birthDate', message: 'birthDate must be a YYYY-MM-DD date' },
    ]);
    expect(issues(safetyCheckRequestSchema, { patient: {}, plan: [], policy: 'yolo' })[0]!.path).toBe(
      'policy',
    );
    expect(
      issues(safetyCheckRequestSchema, { patient: { birthDate: '2020-01-01', ageYears: 6 }, plan: [] }),
    ).toEqual([{ path: 'patient/ageYears', message: 'Give either birthDate or ageYears, not both' }]);
    expect(issues(safetyCheckRequestSchema, { patient: { ageYears: -1 }, plan: [] })[0]!.path).toBe(
      'patient/ageYears',
    );
    expect(issues(safetyCheckRequestSchema, { plan: [] })[0]!.path).toBe('patient');
  });

  it('accepts region on recent-surgery and the level-check answer on anticoagulated', () => {
    const parsed = safetyCheckRequestSchema.parse({
      patient: {
        flags: [
          { flag: 'recent-surgery', region: 'lumbar' },
          { flag: 'anticoagulated', levelCheckedRecently: true },
        ],
      },
      plan: [],
    });
    expect(parsed.patient.flags).toEqual([
      { flag: 'recent-surgery', region: 'lumbar' },
      { flag: 'anticoagulated', levelCheckedRecently: true },
    ]);
    expect(
      issues(safetyCheckRequestSchema, {
        patient: { flags: [{ flag: 'recent-surgery', region: 'spleen' }] },
        plan: [],
      })[0]!.path,
    ).toBe('patient/flags/0/region');
  });

  it('the engine output conforms to the response schema', () => {
    const body = safetyCheckRequestSchema.parse({
      ...apiExample,
      patient: { ...apiExample.patient, conditions: [{ code: 'G83.4' }] },
    });
    const out = checkSafety({ ...body, asOf: '2026-03-01' });
    expect(safetyCheckResponseSchema.parse(out)).toEqual(out);
  });
});

describe('coding request', () => {
  it('accepts the api.md example', () => {
    const body = { regions: ['cervical', 'thoracic', 'lumbar'], sameDayEm: { significantAndSeparate: true } };
    expect(codingRequestSchema.parse(body)).toEqual(body);
  });

  it('names unknown region ids', () => {
    expect(issues(codingRequestSchema, { regions: ['cervical', 'neck'] }).map((i) => i.path)).toEqual([
      'regions/1',
    ]);
    expect(
      issues(codingRequestSchema, { regions: [], diagnosedRegions: ['toe'] }).map((i) => i.path),
    ).toEqual(['diagnosedRegions/0']);
    expect(issues(codingRequestSchema, { regions: [], sameDayEm: {} }).map((i) => i.path)).toEqual([
      'sameDayEm/significantAndSeparate',
    ]);
    expect(issues(codingRequestSchema, {}).map((i) => i.path)).toEqual(['regions']);
  });

  it('the coding output conforms to the response schema', () => {
    const out = previewCoding(
      codingRequestSchema.parse({ regions: ['head', 'head'], sameDayEm: { significantAndSeparate: false } }),
    );
    expect(codingResponseSchema.parse(out)).toEqual(out);
  });
});
