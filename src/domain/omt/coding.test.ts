import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cptForRegionCount, OMT_CPT_CODES, previewCoding } from './coding.ts';
import { REGION_BY_ID, REGION_IDS } from './regions.ts';

const LEVELS = [null, '98925', '98926', '98927', '98928', '98929'];
const level = (cpt: string | null) => LEVELS.indexOf(cpt);

describe('CPT level by distinct regions', () => {
  it.each([
    [0, null],
    [1, '98925'],
    [2, '98925'],
    [3, '98926'],
    [4, '98926'],
    [5, '98927'],
    [6, '98927'],
    [7, '98928'],
    [8, '98928'],
    [9, '98929'],
    [10, '98929'],
  ])('%i regions → %s', (n, cpt) => {
    const regions = REGION_IDS.slice(0, n);
    const res = previewCoding({ regions });
    expect(res.regionCount).toBe(n);
    expect(res.cpt).toBe(cpt);
    expect(res.icd10.map((c) => c.code)).toEqual(regions.map((r) => REGION_BY_ID[r].icd10));
    if (n === 0) {
      expect(res.warningDetails.map((w) => w.code)).toEqual(['no-regions']);
      expect(res.warnings[0]).toContain('no OMT code can be billed');
    } else {
      expect(res.warnings).toEqual([]);
    }
  });

  it('has no code beyond ten regions or below one', () => {
    expect(cptForRegionCount(11)).toBeNull();
    expect(cptForRegionCount(-1)).toBeNull();
    expect(OMT_CPT_CODES.map((c) => c.label)).toEqual([
      'OMT, 1–2 body regions',
      'OMT, 3–4 body regions',
      'OMT, 5–6 body regions',
      'OMT, 7–8 body regions',
      'OMT, 9–10 body regions',
    ]);
  });

  it('matches the api.md example exactly', () => {
    const res = previewCoding({
      regions: ['cervical', 'thoracic', 'lumbar'],
      sameDayEm: { significantAndSeparate: true },
    });
    expect({
      regionCount: res.regionCount,
      cpt: res.cpt,
      icd10: res.icd10,
      em: res.em,
      warnings: res.warnings,
    }).toEqual({
      regionCount: 3,
      cpt: '98926',
      icd10: [
        { region: 'cervical', code: 'M99.01' },
        { region: 'thoracic', code: 'M99.02' },
        { region: 'lumbar', code: 'M99.03' },
      ],
      em: { modifier: '25' },
      warnings: [],
    });
  });

  it('counts a duplicated region once, emits its code once and says so', () => {
    const res = previewCoding({ regions: ['lumbar', 'cervical', 'lumbar', 'lumbar'] });
    expect(res.regionCount).toBe(2);
    expect(res.cpt).toBe('98925');
    expect(res.icd10).toEqual([
      { region: 'cervical', code: 'M99.01' },
      { region: 'lumbar', code: 'M99.03' },
    ]);
    expect(res.warningDetails.map((w) => [w.code, w.region])).toEqual([
      ['duplicate-region', 'lumbar'],
      ['duplicate-region', 'lumbar'],
    ]);
  });
});

describe('same-day E/M', () => {
  it('is null with no warning when there is no E/M', () => {
    expect(previewCoding({ regions: ['head'] })).toMatchObject({ em: null, warnings: [] });
    expect(previewCoding({ regions: ['head'], sameDayEm: null })).toMatchObject({ em: null, warnings: [] });
  });

  it('is null with a warning when not significant and separately identifiable', () => {
    const res = previewCoding({ regions: ['head'], sameDayEm: { significantAndSeparate: false } });
    expect(res.em).toBeNull();
    expect(res.warningDetails.map((w) => w.code)).toEqual(['em-not-separately-billable']);
    expect(res.warnings[0]).toContain('not separately billable');
    expect(res.warningDetails[0]!.source).toContain(
      'https://www.academyofosteopathy.org/modifier-25-cliff-notes',
    );
  });

  it('applies the rest of the AAO three-question test when answered', () => {
    for (const e of [{ standsAlone: false }, { documentedSeparately: false }]) {
      const res = previewCoding({ regions: ['head'], sameDayEm: { significantAndSeparate: true, ...e } });
      expect(res.em).toBeNull();
      expect(res.warningDetails.map((w) => w.code)).toEqual(['em-not-separately-billable']);
    }
    const all = { significantAndSeparate: true, standsAlone: true, documentedSeparately: true };
    expect(previewCoding({ regions: ['head'], sameDayEm: all }).em).toEqual({ modifier: '25' });
  });

  it('needs no modifier 25 when no OMT is billed', () => {
    const res = previewCoding({ regions: [], sameDayEm: { significantAndSeparate: true } });
    expect(res.em).toBeNull();
    expect(res.warningDetails.map((w) => w.code)).toEqual(['no-regions', 'em-without-omt']);
  });

  it('warns when a time-levelled E/M may include OMT minutes', () => {
    const timed = previewCoding({
      regions: ['cervical'],
      sameDayEm: { significantAndSeparate: true, levelledByTime: true },
    });
    expect(timed.em).toEqual({ modifier: '25' });
    expect(timed.warningDetails.map((w) => w.code)).toEqual(['em-time-includes-omt']);
    const excluded = previewCoding({
      regions: ['cervical'],
      sameDayEm: { significantAndSeparate: true, levelledByTime: true, omtTimeExcluded: true },
    });
    expect(excluded.warnings).toEqual([]);
  });
});

describe('documentation warnings (denial table)', () => {
  it('does not count a region without a documented TART element', () => {
    const res = previewCoding({
      regions: ['cervical', 'thoracic', 'lumbar'],
      findings: [
        { region: 'cervical', tart: { tenderness: true } },
        { region: 'thoracic', tart: { tissueTexture: false, asymmetry: false } },
        { region: 'lumbar', tart: { restriction: true, asymmetry: true } },
      ],
    });
    expect(res.regionCount).toBe(2);
    expect(res.cpt).toBe('98925');
    expect(res.excludedRegions).toEqual(['thoracic']);
    expect(res.icd10.map((c) => c.region)).toEqual(['cervical', 'lumbar']);
    expect(res.warningDetails.map((w) => [w.code, w.region])).toEqual([
      ['region-without-somatic-dysfunction', 'thoracic'],
    ]);
    expect(res.warningDetails[0]!.source).toContain('articleid=56954');
  });

  it('excludes a region missing from the findings list, and warns for no region left', () => {
    const res = previewCoding({ regions: ['sacral'], findings: [] });
    expect(res).toMatchObject({ regionCount: 0, cpt: null, excludedRegions: ['sacral'] });
    expect(res.warningDetails.map((w) => w.code)).toEqual([
      'region-without-somatic-dysfunction',
      'no-regions',
    ]);
  });

  it('warns about a diagnosed region that was not treated', () => {
    const res = previewCoding({ regions: ['cervical'], diagnosedRegions: ['cervical', 'rib-cage'] });
    expect(res.regionCount).toBe(1);
    expect(res.warningDetails.map((w) => [w.code, w.region])).toEqual([
      ['diagnosed-not-treated', 'rib-cage'],
    ]);
  });

  it('flags 97140 in an OMT region and suggests modifier 59 elsewhere', () => {
    const res = previewCoding({
      regions: ['cervical'],
      manualTherapyRegions: ['upper-extremity', 'cervical'],
    });
    expect(res.warningDetails.map((w) => [w.code, w.region])).toEqual([
      ['manual-therapy-same-region', 'cervical'],
      ['manual-therapy-other-region', 'upper-extremity'],
    ]);
    expect(res.warnings[1]).toContain('modifier 59');
  });
});

const regionList = fc.array(fc.constantFrom(...REGION_IDS), { maxLength: 25 });

describe('properties', () => {
  it('CPT level is monotone in the number of distinct regions', () => {
    fc.assert(
      fc.property(
        fc.subarray([...REGION_IDS]).chain((big) => fc.tuple(fc.subarray(big), fc.constant(big))),
        ([small, big]) => {
          expect(level(previewCoding({ regions: small }).cpt)).toBeLessThanOrEqual(
            level(previewCoding({ regions: big }).cpt),
          );
        },
      ),
    );
  });

  it('the level follows the published bands', () => {
    fc.assert(
      fc.property(regionList, (regions) => {
        const n = new Set(regions).size;
        expect(level(previewCoding({ regions }).cpt)).toBe(Math.ceil(n / 2));
      }),
    );
  });

  it('duplicates never count twice', () => {
    fc.assert(
      fc.property(regionList, (regions) => {
        const res = previewCoding({ regions });
        const dedup = previewCoding({ regions: [...new Set(regions)] });
        expect(res.regionCount).toBe(new Set(regions).size);
        expect([res.cpt, res.icd10]).toEqual([dedup.cpt, dedup.icd10]);
      }),
    );
  });

  it('every treated region gets exactly its M99.0x code', () => {
    fc.assert(
      fc.property(regionList, (regions) => {
        const { icd10 } = previewCoding({ regions });
        expect(icd10.map((c) => c.region).sort()).toEqual([...new Set(regions)].sort());
        for (const c of icd10) {
          expect(c.code).toMatch(/^M99\.0\d$/);
          expect(c.code).toBe(REGION_BY_ID[c.region].icd10);
        }
      }),
    );
  });
});

describe('what the coder says', () => {
  it('names the billed level and each warning in full, with the region it is about', () => {
    const res = previewCoding({
      regions: ['lumbar', 'lumbar', 'cervical', 'sacral'],
      findings: [
        { region: 'lumbar', tart: { tenderness: true } },
        { region: 'cervical', tart: { asymmetry: true } },
        { region: 'sacral', tart: {} },
      ],
      diagnosedRegions: ['pelvic'],
      manualTherapyRegions: ['cervical', 'thoracic'],
      sameDayEm: { significantAndSeparate: true, levelledByTime: true },
    });
    expect(res.cpt).toBe('98925');
    expect(res.cptLabel).toBe('OMT, 1–2 body regions');
    expect(res.em).toEqual({ modifier: '25' });
    expect(res.warningDetails.map((w) => [w.code, w.region ?? null, w.message])).toEqual([
      ['duplicate-region', 'lumbar', 'The lumbar region is listed more than once; it is counted once.'],
      [
        'region-without-somatic-dysfunction',
        'sacral',
        'No TART finding documented for the sacral region: it is not counted (each billed region needs documented somatic dysfunction).',
      ],
      [
        'diagnosed-not-treated',
        'pelvic',
        'Somatic dysfunction of the pelvic region is documented but not treated: keep the diagnosis, but it does not count toward the OMT level.',
      ],
      [
        'manual-therapy-same-region',
        'cervical',
        'Manual therapy (97140) in the cervical region, which also received OMT, is included in the OMT and is not billed separately.',
      ],
      [
        'manual-therapy-other-region',
        'thoracic',
        'Manual therapy (97140) in the thoracic region, separate from the OMT regions, may be reported with modifier 59.',
      ],
      [
        'em-time-includes-omt',
        null,
        'The E/M is levelled by time: exclude the minutes spent on OMT from the E/M time.',
      ],
    ]);
    expect(res.warnings).toEqual(res.warningDetails.map((w) => w.message));
  });

  it('labels every level and has no label when nothing is billed', () => {
    expect(
      [0, 2, 4, 6, 8, 10].map((n) => previewCoding({ regions: REGION_IDS.slice(0, n) }).cptLabel),
    ).toEqual([
      null,
      'OMT, 1–2 body regions',
      'OMT, 3–4 body regions',
      'OMT, 5–6 body regions',
      'OMT, 7–8 body regions',
      'OMT, 9–10 body regions',
    ]);
    expect(
      previewCoding({ regions: [], sameDayEm: { significantAndSeparate: true } }).warningDetails.map(
        (w) => w.message,
      ),
    ).toEqual([
      'No treated region with documented somatic dysfunction: no OMT code can be billed.',
      'No OMT is billed for this encounter, so the E/M needs no modifier 25.',
    ]);
  });
});
