import type { CodingResult } from '../coding.ts';
import { REGION_BY_ID, type RegionId } from '../regions.ts';
import type { RomNorm } from '../rom.ts';
import type { RedFlag } from '../safety/engine.ts';
import { TECHNIQUE_BY_ID, type TechniqueId } from '../techniques.ts';
import { diagnosedRegions, parseExamSegmental, romResult } from './derive.ts';
import type { ChartSafetyItem } from './safety.ts';
import {
  SEVERITY_WORDS,
  TART_KEYS,
  tartPresent,
  type EncounterChart,
  type RomEntry,
  type TartKey,
} from './chart.ts';

/** A SOAP note as four sections of readable prose, generated from the structured chart. Pure. */
export interface SoapNote {
  subjective: string;
  objective: string;
  assessment: string;
  plan: string;
}

export interface NoteInput {
  /** The visit date in the clinic's time zone, YYYY-MM-DD. */
  visitDate: string;
  practitionerName: string | null;
  patient: { name: string; birthDate: string; conditions: readonly { code: string; display: string }[] };
  chart: EncounterChart;
  coding: CodingResult;
  /** The write-path safety decisions (cautions acknowledged, contraindications overridden). */
  safety: readonly Pick<ChartSafetyItem, 'region' | 'technique' | 'decision' | 'reason' | 'reasons'>[];
  redFlags?: readonly Pick<RedFlag, 'rule' | 'message'>[];
}

const TART_LABEL: Record<TartKey, string> = {
  tissueTexture: 'tissue texture change',
  asymmetry: 'asymmetry',
  restriction: 'restriction of motion',
  tenderness: 'tenderness',
};

const RESPONSE_LABEL = {
  resolved: 'dysfunction resolved',
  improved: 'improved',
  unchanged: 'unchanged',
  worse: 'worse',
} as const;

const TOLERANCE_LABEL = {
  good: 'tolerated well',
  fair: 'tolerated fairly',
  poor: 'tolerated poorly',
} as const;

const CONSENT_LABEL = { given: 'given', declined: 'declined', 'not-asked': 'not asked' } as const;

const capitalize = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/** Technique names as they read mid-sentence in a note. */
function clinicalName(id: TechniqueId): string {
  return id === 'hvla' ? 'HVLA (thrust)' : TECHNIQUE_BY_ID[id].name.toLowerCase();
}

export const regionLabel = (r: RegionId) => REGION_BY_ID[r].label;
const lower = (r: RegionId) => REGION_BY_ID[r].label.toLowerCase();

/** Ends a sentence with a full stop unless it already ends with punctuation. */
export function sentence(s: string): string {
  const t = s.trim();
  if (!t) return '';
  return /[.!?…]$/.test(t) ? t : `${t}.`;
}

function joinParagraphs(parts: (string | null | undefined | false)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '').join('\n');
}

function formatNorm(n: RomNorm): string {
  if (n.atLeast) return `≥${n.low}°`;
  return n.low === n.high ? `${n.low}°` : `${n.low}–${n.high}°`;
}

const fmtDeg = (d: number) => `${Number.isInteger(d) ? d : d.toFixed(1)}°`;

export function describeRom(r: RomEntry): string {
  const res = romResult(r);
  const side = r.side ? `, ${r.side === 'L' ? 'left' : 'right'}` : '';
  const motion = r.motion.replace('-', ' ');
  const joint = r.joint === 'cervical' || r.joint === 'lumbar' ? `${r.joint} spine` : r.joint;
  return `${capitalize(joint)} ${motion}${side}: ${fmtDeg(r.degrees)} (${res.percentOfNormal}% of normal ${formatNorm(res.normal)}, ${res.normSetLabel} norms)`;
}

function describeTart(tart: EncounterChart['exam'][number]['tart']): string | null {
  const found = TART_KEYS.filter((k) => (tart[k] ?? 0) > 0).map(
    (k) => `${TART_LABEL[k]} (${SEVERITY_WORDS[tart[k]!]})`,
  );
  const absent = TART_KEYS.filter((k) => tart[k] === 0).map((k) => TART_LABEL[k]);
  if (found.length === 0 && absent.length === 0) return null;
  const parts: string[] = [];
  if (found.length) parts.push(`TART: ${found.join(', ')}`);
  if (absent.length) parts.push(`no ${absent.join(', no ')}`);
  return parts.join('; ');
}

function subjective(input: NoteInput): string {
  const c = input.chart;
  return joinParagraphs([
    c.chiefComplaint ? `Chief complaint: ${sentence(c.chiefComplaint)}` : 'Chief complaint: not recorded.',
    c.painBefore !== null && c.painBefore !== undefined
      ? `Pain before treatment: ${c.painBefore}/10 (numeric rating scale).`
      : null,
    c.historyUpdate ? `History update: ${sentence(c.historyUpdate)}` : null,
    c.notes.subjective,
  ]);
}

function objective(input: NoteInput): string {
  const c = input.chart;
  const lines: string[] = [];
  if (c.exam.length) {
    lines.push('Structural examination:');
    for (const e of c.exam) {
      const parts: string[] = [];
      const tart = describeTart(e.tart);
      if (tart) parts.push(tart);
      const dx = parseExamSegmental(e);
      if (dx.length) parts.push(`segmental diagnosis ${dx.map((d) => d.diagnosis.notation).join(', ')}`);
      if (e.otherDiagnoses.length) parts.push(e.otherDiagnoses.join(', '));
      if (e.tenderPoints.length)
        parts.push(
          `tender points: ${e.tenderPoints
            .map((p) => {
              const detail = [
                p.side ? (p.side === 'midline' ? 'midline' : p.side === 'L' ? 'left' : 'right') : null,
                p.tenderness !== null && p.tenderness !== undefined ? `${p.tenderness}/10` : null,
                p.tendernessAfter !== null && p.tendernessAfter !== undefined
                  ? `${p.tendernessAfter}/10 after treatment`
                  : null,
              ].filter(Boolean);
              return detail.length ? `${p.name} (${detail.join(', ')})` : p.name;
            })
            .join('; ')}`,
        );
      if (!tartPresent(e.tart) && dx.length === 0 && e.otherDiagnoses.length === 0)
        parts.push('no somatic dysfunction found');
      const note = e.note ? ` ${sentence(e.note)}` : '';
      lines.push(`- ${regionLabel(e.region)}: ${sentence(parts.join('; '))}${note}`);
    }
  } else {
    lines.push('Structural examination: not documented.');
  }
  for (const phase of ['pre', 'post'] as const) {
    const rom = c.rom.filter((r) => r.phase === phase);
    if (!rom.length) continue;
    lines.push(
      phase === 'pre' ? 'Range of motion (goniometer):' : 'Range of motion after treatment (goniometer):',
    );
    for (const r of rom) lines.push(`- ${describeRom(r)}.`);
  }
  return joinParagraphs([...lines, c.notes.objective]);
}

function assessment(input: NoteInput): string {
  const c = input.chart;
  const treated = new Set(input.coding.icd10.map((x) => x.region));
  const sd = diagnosedRegions(c);
  const lines: string[] = [];
  if (sd.length) {
    lines.push('Somatic dysfunction:');
    for (const r of sd)
      lines.push(
        `- ${REGION_BY_ID[r].icd10} somatic dysfunction of the ${lower(r)} region${treated.has(r) ? '' : ' (not treated)'}.`,
      );
  } else {
    lines.push('No somatic dysfunction documented.');
  }
  if (input.patient.conditions.length) {
    lines.push('Conditions on record:');
    for (const cond of input.patient.conditions) lines.push(`- ${cond.code} ${sentence(cond.display)}`);
  }
  if (c.sameDayEm)
    lines.push(
      input.coding.em
        ? 'Same-day E/M: significant and separately identifiable (modifier 25).'
        : 'Same-day E/M: not significant and separately identifiable; not billed separately.',
    );
  if (input.redFlags?.length)
    lines.push(`Red flags on record: ${input.redFlags.map((f) => sentence(f.message)).join(' ')}`);
  return joinParagraphs([...lines, c.notes.assessment]);
}

function techniqueText(t: EncounterChart['treatment'][number]['techniques'][number]): string {
  const details = [
    t.tenderPoint ? `tender point ${t.tenderPoint}` : null,
    t.holdSeconds ? `held ${t.holdSeconds} s` : null,
    t.repetitions ? `${t.repetitions} repetition${t.repetitions === 1 ? '' : 's'}` : null,
    t.note ? t.note.replace(/[.]$/, '') : null,
  ].filter(Boolean);
  const name = clinicalName(t.technique);
  return details.length ? `${name} (${details.join(', ')})` : name;
}

function plan(input: NoteInput): string {
  const c = input.chart;
  const lines: string[] = [];
  const consent = `Consent: OMT ${CONSENT_LABEL[c.consent.omt]}; HVLA ${CONSENT_LABEL[c.consent.hvla]}.${
    c.consent.note ? ` ${sentence(c.consent.note)}` : ''
  }`;
  lines.push(consent);
  if (c.treatment.length) {
    const { cpt, regionCount } = input.coding;
    lines.push(
      cpt
        ? `OMT performed; ${regionCount} region${regionCount === 1 ? '' : 's'} with documented somatic dysfunction (CPT ${cpt}):`
        : 'OMT performed (no billable region: see coding warnings):',
    );
    for (const t of c.treatment) {
      const outcome = [
        t.response ? `Response: ${RESPONSE_LABEL[t.response]}.` : null,
        t.tolerance ? sentence(capitalize(TOLERANCE_LABEL[t.tolerance])) : null,
        t.adverseEvents ? `Adverse events: ${sentence(t.adverseEvents)}` : null,
      ].filter(Boolean);
      lines.push(
        `- ${regionLabel(t.region)}: ${sentence(t.techniques.map(techniqueText).join(', '))}${outcome.length ? ` ${outcome.join(' ')}` : ''}`,
      );
    }
    for (const s of input.safety) {
      if (s.decision !== 'caution-acknowledged' && s.decision !== 'override') continue;
      const rules = s.reasons.map((r) => r.rule).join(', ');
      const what = `${clinicalName(s.technique)} on the ${lower(s.region)} region`;
      lines.push(
        s.decision === 'override'
          ? `Contraindication overridden for ${what} (${rules}): ${sentence(s.reason ?? '')}`
          : `Caution acknowledged for ${what} (${rules}): ${sentence(s.reason ?? '')}`,
      );
    }
    if (c.redFlagReason && input.redFlags?.length)
      lines.push(`Treatment despite red flags: ${sentence(c.redFlagReason)}`);
  } else {
    lines.push('No OMT performed at this visit.');
  }
  if (c.painAfter !== null && c.painAfter !== undefined)
    lines.push(
      `Pain after treatment: ${c.painAfter}/10${
        c.painBefore !== null && c.painBefore !== undefined ? ` (${c.painBefore}/10 before)` : ''
      }.`,
    );
  if (c.treatment.length)
    lines.push(
      'Aftercare: advised that soreness for 24–48 hours is common; stay gently active, use heat for comfort, and call the clinic if pain worsens or new symptoms appear.',
    );
  if (c.followUp) lines.push(`Follow-up: ${sentence(c.followUp)}`);
  return joinParagraphs([...lines, c.notes.plan]);
}

export function generateSoapNote(input: NoteInput): SoapNote {
  return {
    subjective: subjective(input),
    objective: objective(input),
    assessment: assessment(input),
    plan: plan(input),
  };
}
