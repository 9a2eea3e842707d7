import { describe, expect, it } from 'vitest';
import { parseSegmentalDiagnosis } from './notation.ts';

const ok = (text: string) => {
  const r = parseSegmentalDiagnosis(text);
  if (!r.ok) throw new Error(`expected ${text} to parse: ${r.errors.join('; ')}`);
  return r;
};
const errors = (text: string) => {
  const r = parseSegmentalDiagnosis(text);
  if (r.ok) throw new Error(`expected ${text} to fail`);
  return r.errors;
};

describe('segmental diagnosis notation', () => {
  it.each([
    [
      'T4 ERS(L)',
      {
        notation: 'T4 ERS(L)',
        from: 'T4',
        to: 'T4',
        sagittal: 'E',
        rotation: 'L',
        sidebend: 'L',
        fryetteType: 'II',
      },
    ],
    ['T4 ERSL', { notation: 'T4 ERS(L)', sagittal: 'E', rotation: 'L', sidebend: 'L' }],
    ['t4 e rl sl', { notation: 'T4 ERS(L)', sagittal: 'E', rotation: 'L', sidebend: 'L' }],
    [
      'L2 FRS(R)',
      { notation: 'L2 FRS(R)', regions: ['lumbar'], sagittal: 'F', rotation: 'R', sidebend: 'R' },
    ],
    ['L2 F RR SR', { notation: 'L2 FRS(R)', sagittal: 'F', rotation: 'R', sidebend: 'R' }],
    ['C3 FRS(L)', { notation: 'C3 FRS(L)', regions: ['cervical'], fryetteType: 'II' }],
    [
      'T5-T9 NSLRR',
      {
        notation: 'T5-T9 NSLRR',
        from: 'T5',
        to: 'T9',
        segments: ['T5', 'T6', 'T7', 'T8', 'T9'],
        sagittal: 'N',
        sidebend: 'L',
        rotation: 'R',
        fryetteType: 'I',
      },
    ],
    ['T4–T8 N SL RR', { notation: 'T4-T8 NSLRR', segments: ['T4', 'T5', 'T6', 'T7', 'T8'] }],
    ['T3-5 N SlRr', { notation: 'T3-T5 NSLRR', to: 'T5', sidebend: 'L', rotation: 'R' }],
    [
      'T11-L2 NSRRL',
      { notation: 'T11-L2 NSRRL', segments: ['T11', 'T12', 'L1', 'L2'], regions: ['thoracic', 'lumbar'] },
    ],
  ])('parses %s', (text, expected) => {
    const r = ok(text);
    expect(r.value).toMatchObject(expected);
    expect(r.warnings).toEqual([]);
  });

  it.each([
    ['', 'Empty diagnosis'],
    ['ERS(L)', 'Cannot read a spinal segment'],
    ['T13 ERS(L)', 'T runs from T1 to T12'],
    ['C8 FRS(R)', 'C runs from C1 to C7'],
    ['L6 FRS(R)', 'L runs from L1 to L5'],
    ['S1 ERS(L)', 'Unknown segment "S1"'],
    ['T9-T5 NSLRR', 'runs upward'],
    ['T4', 'Missing motion component'],
    ['T4 XRS(L)', 'Cannot read motion component'],
    ['T4 ERS(X)', 'Cannot read motion component'],
    ['C3 FRS left', 'Write sides as L or R'],
  ])('rejects %j', (text, message) => {
    expect(errors(text).join(' ')).toContain(message);
  });

  describe('Fryette consistency warnings', () => {
    it('type II with opposite sides', () => {
      const r = ok('L2 F RR SL');
      expect(r.value).toMatchObject({
        notation: 'L2 F RR SL',
        rotation: 'R',
        sidebend: 'L',
        fryetteType: 'II',
      });
      expect(r.warnings).toEqual([
        'Fryette type II (flexed or extended) couples side-bending and rotation to the same side, but rotation is R and side-bending L.',
      ]);
    });

    it('type I with same-side coupling, and on a single segment', () => {
      expect(ok('T5-T9 NSLRL').warnings).toEqual([
        'Fryette type I (neutral) couples side-bending and rotation to opposite sides, but both are L.',
      ]);
      expect(ok('T6 NSLRR').warnings).toEqual([
        'A neutral (type I) dysfunction usually involves a group of segments, not a single one.',
      ]);
    });

    it('type II over a group of segments', () => {
      expect(ok('T4-T6 ERS(R)').warnings).toEqual([
        'A flexed or extended (type II) dysfunction usually involves a single segment.',
      ]);
    });

    it('cervical: same-side coupling is expected, opposite sides are questioned', () => {
      expect(ok('C2-C4 NSLRL').warnings).toEqual([]);
      expect(ok('C2-C4 NSLRR').warnings[0]).toContain('Cervical coupling');
    });
  });
});
