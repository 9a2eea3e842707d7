import type { RegionId } from './regions.ts';

/**
 * Spinal segmental-diagnosis notation (reference §2.4–2.5). A dysfunction is named for its directions
 * of freedom, for the upper vertebra relative to the one below:
 *   type II (single segment, non-neutral): `T4 ERS(L)`, `T4 ERSL`, `L2 F RR SR`
 *   type I (group, neutral):               `T5-T9 NSLRR`, `T4–T8 N SL RR`, `T3-5 N SlRr`
 */
export type Side = 'L' | 'R';
export type Sagittal = 'N' | 'F' | 'E';

export interface SegmentalDiagnosis {
  /** Canonical spelling, e.g. `T4 ERS(L)` or `T5-T9 NSLRR`. */
  notation: string;
  from: string;
  to: string;
  segments: string[];
  regions: RegionId[];
  sagittal: Sagittal;
  rotation: Side;
  sidebend: Side;
  /** Fryette type implied by the sagittal component: N → I, F/E → II. */
  fryetteType: 'I' | 'II';
}

export type NotationResult =
  { ok: true; value: SegmentalDiagnosis; warnings: string[] } | { ok: false; errors: string[] };

const SPINE: readonly { letter: 'C' | 'T' | 'L'; count: number; region: RegionId }[] = [
  { letter: 'C', count: 7, region: 'cervical' },
  { letter: 'T', count: 12, region: 'thoracic' },
  { letter: 'L', count: 5, region: 'lumbar' },
];
const SEGMENTS = SPINE.flatMap((s) => Array.from({ length: s.count }, (_, i) => `${s.letter}${i + 1}`));
const regionOf = (segment: string): RegionId => SPINE.find((s) => s.letter === segment[0])!.region;

const RANGE = /^([A-Z])(\d{1,2})(?:\s*-\s*([A-Z])?(\d{1,2}))?\s*(.*)$/;
const SIDE = String.raw`\(?\s*([LR])\s*\)?`;
const COMPACT_TYPE_II = new RegExp(String.raw`^([FE])\s*RS\s*${SIDE}$`);
const ROTATION_FIRST = new RegExp(String.raw`^([NFE])\s*R\s*${SIDE}\s*S\s*${SIDE}$`);
const SIDEBEND_FIRST = new RegExp(String.raw`^([NFE])\s*S\s*${SIDE}\s*R\s*${SIDE}$`);

const FORMS = 'expected e.g. "T4 ERS(L)", "L2 FRS(R)", "L2 F RR SR" or "T5-T9 NSLRR"';

function segmentError(letter: string, num: string): string | null {
  const spine = SPINE.find((s) => s.letter === letter);
  if (!spine)
    return `Unknown segment "${letter}${num}": use C1–C7, T1–T12 or L1–L5 (sacral torsion notation is not supported here)`;
  const n = Number(num);
  if (n < 1 || n > spine.count)
    return `Segment "${letter}${num}" does not exist: ${letter} runs from ${letter}1 to ${letter}${spine.count}`;
  return null;
}

function parseMotion(text: string): { sagittal: Sagittal; rotation: Side; sidebend: Side } | null {
  let m = COMPACT_TYPE_II.exec(text);
  if (m) return { sagittal: m[1] as Sagittal, rotation: m[2] as Side, sidebend: m[2] as Side };
  m = ROTATION_FIRST.exec(text);
  if (m) return { sagittal: m[1] as Sagittal, rotation: m[2] as Side, sidebend: m[3] as Side };
  m = SIDEBEND_FIRST.exec(text);
  if (m) return { sagittal: m[1] as Sagittal, sidebend: m[2] as Side, rotation: m[3] as Side };
  return null;
}

export function parseSegmentalDiagnosis(input: string): NotationResult {
  const text = input
    .trim()
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/\s+/g, ' ')
    .toUpperCase();
  if (text === '') return { ok: false, errors: [`Empty diagnosis: ${FORMS}`] };
  const m = RANGE.exec(text);
  if (!m) return { ok: false, errors: [`Cannot read a spinal segment at the start of "${input}": ${FORMS}`] };
  const [, fromLetter = '', fromNum = '', toLetterRaw, toNum, rest = ''] = m;
  const toLetter = toLetterRaw ?? fromLetter;
  const errors = [segmentError(fromLetter, fromNum), toNum ? segmentError(toLetter, toNum) : null].filter(
    (e): e is string => e !== null,
  );
  if (errors.length) return { ok: false, errors };

  const from = `${fromLetter}${Number(fromNum)}`;
  const to = toNum ? `${toLetter}${Number(toNum)}` : from;
  const i = SEGMENTS.indexOf(from);
  const j = SEGMENTS.indexOf(to);
  if (j < i)
    return {
      ok: false,
      errors: [`Segment range "${from}-${to}" runs upward: write the upper segment first`],
    };

  if (rest === '') return { ok: false, errors: [`Missing motion component after "${text}": ${FORMS}`] };
  if (/\b(LEFT|RIGHT)\b/.test(rest))
    return {
      ok: false,
      errors: [`Write sides as L or R, not words: e.g. "${from} FRS(L)" rather than "${from} FRS left"`],
    };
  const motion = parseMotion(rest);
  if (!motion) return { ok: false, errors: [`Cannot read motion component "${rest}": ${FORMS}`] };

  const segments = SEGMENTS.slice(i, j + 1);
  const regions = [...new Set(segments.map(regionOf))];
  const { sagittal, rotation, sidebend } = motion;
  const fryetteType = sagittal === 'N' ? 'I' : 'II';
  const warnings: string[] = [];
  const cervical = regions.includes('cervical');
  const range = from === to ? from : `${from}-${to}`;

  if (cervical && rotation !== sidebend) {
    warnings.push(
      'Cervical coupling: side-bending and rotation usually occur to the same side in the cervical spine; check the recorded sides.',
    );
  } else if (!cervical && fryetteType === 'II' && rotation !== sidebend) {
    warnings.push(
      `Fryette type II (flexed or extended) couples side-bending and rotation to the same side, but rotation is ${rotation} and side-bending ${sidebend}.`,
    );
  } else if (!cervical && fryetteType === 'I' && rotation === sidebend) {
    warnings.push(
      `Fryette type I (neutral) couples side-bending and rotation to opposite sides, but both are ${rotation}.`,
    );
  }
  if (fryetteType === 'I' && segments.length < 2)
    warnings.push('A neutral (type I) dysfunction usually involves a group of segments, not a single one.');
  if (fryetteType === 'II' && segments.length > 1)
    warnings.push('A flexed or extended (type II) dysfunction usually involves a single segment.');

  const notation =
    sagittal === 'N'
      ? `${range} NS${sidebend}R${rotation}`
      : rotation === sidebend
        ? `${range} ${sagittal}RS(${rotation})`
        : `${range} ${sagittal} R${rotation} S${sidebend}`;
  return {
    ok: true,
    value: { notation, from, to, segments, regions, sagittal, rotation, sidebend, fryetteType },
    warnings,
  };
}
