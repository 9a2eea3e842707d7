import type { RegionId } from '../regions.ts';
import { TECHNIQUE_BY_ID, type TechniqueId } from '../techniques.ts';
import { diagnosedRegions, treatedRegions } from './derive.ts';
import type { EncounterChart } from './chart.ts';

/**
 * A plain-language visit summary for the patient: no codes, no notation, no jargon. Technique
 * descriptions come from the technique catalogue's patient wording. Pure.
 */
export interface VisitSummary {
  visitDate: string;
  practitionerName: string | null;
  reasonForVisit: string | null;
  whatWeFound: string;
  whatWeDid: { area: string; techniques: string[] }[];
  /** Each technique used, once, in the catalogue's words for patients. */
  aboutTechniques: { name: string; description: string }[];
  pain: string | null;
  aftercare: string[];
  whenToCall: string[];
  followUp: string | null;
  /** The whole summary as plain text (for printing or a message). */
  text: string;
}

export const PLAIN_REGION: Record<RegionId, string> = {
  head: 'head and jaw',
  cervical: 'neck',
  thoracic: 'upper and middle back',
  lumbar: 'lower back',
  sacral: 'base of the spine (sacrum)',
  pelvic: 'pelvis and hips',
  'lower-extremity': 'legs and feet',
  'upper-extremity': 'shoulders, arms and hands',
  'rib-cage': 'ribs',
  abdomen: 'belly (abdomen)',
};

const PLAIN_TECHNIQUE: Partial<Record<TechniqueId, string>> = {
  hvla: 'Quick, gentle thrust (HVLA)',
  'chapman-reflex': 'Reflex point treatment',
  cranial: 'Cranial osteopathy',
};

/** "a", "a and b", "a, b, and c" (the serial comma keeps "upper and middle back" readable in a list). */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  if (items.length === 2) return `${items[0]} and ${items[1]}`;
  return `${items.slice(0, -1).join(', ')}, and ${items[items.length - 1]}`;
}

const techniqueName = (id: TechniqueId) => PLAIN_TECHNIQUE[id] ?? TECHNIQUE_BY_ID[id].name;

const SPINE_LOW: readonly RegionId[] = ['lumbar', 'sacral', 'pelvic'];
const NECK_HEAD: readonly RegionId[] = ['cervical', 'head'];

export interface SummaryInput {
  visitDate: string;
  practitionerName: string | null;
  chart: Pick<
    EncounterChart,
    'chiefComplaint' | 'painBefore' | 'painAfter' | 'exam' | 'treatment' | 'followUp'
  >;
}

export function generateVisitSummary(input: SummaryInput): VisitSummary {
  const c = input.chart;
  const found = diagnosedRegions(c);
  const treated = treatedRegions(c);
  const whatWeFound = found.length
    ? `Your doctor found areas of tightness, tenderness or restricted movement in your ${listWords(found.map((r) => PLAIN_REGION[r]))}.`
    : 'Your doctor examined how your body moves and did not find areas that needed treatment.';
  const whatWeDid = treated.map((region) => {
    const entry = c.treatment.find((t) => t.region === region)!;
    return {
      area: PLAIN_REGION[region],
      techniques: [...new Set(entry.techniques.map((t) => t.technique))].map(techniqueName),
    };
  });
  const used = [...new Set(c.treatment.flatMap((t) => t.techniques.map((x) => x.technique)))];
  const aboutTechniques = used.map((id) => ({
    name: techniqueName(id),
    description: TECHNIQUE_BY_ID[id].patientDescription,
  }));
  const has = (n: number | null | undefined): n is number => n !== null && n !== undefined;
  const pain =
    has(c.painBefore) && has(c.painAfter)
      ? `You rated your pain ${c.painBefore} out of 10 before treatment and ${c.painAfter} out of 10 afterwards.`
      : has(c.painBefore)
        ? `You rated your pain ${c.painBefore} out of 10 at the start of the visit.`
        : has(c.painAfter)
          ? `You rated your pain ${c.painAfter} out of 10 after treatment.`
          : null;

  const aftercare = treated.length
    ? [
        'Feeling sore, stiff or tired for 24 to 48 hours after treatment is common. It usually goes away on its own.',
        'Stay gently active, for example with short walks, and rest when you feel tired.',
        'A warm shower or a heat pack can ease soreness. Drink water as usual.',
        'Avoid heavy lifting or hard exercise for the rest of the day.',
      ]
    : ['Keep doing the activities and exercises your doctor discussed with you.'];
  const whenToCall = [
    'Call the clinic if soreness lasts longer than 2 days, keeps getting worse, or you have new pain.',
  ];
  if (treated.some((r) => SPINE_LOW.includes(r)))
    whenToCall.push(
      'Get emergency care (call 911) if you have numbness around your groin or buttocks, cannot control your bladder or bowels, or your legs become weak.',
    );
  if (treated.some((r) => NECK_HEAD.includes(r)))
    whenToCall.push(
      'Get emergency care (call 911) if you have a sudden severe headache, dizziness, double vision, trouble speaking or swallowing, or weakness on one side of your body.',
    );
  if (!whenToCall.some((w) => w.startsWith('Get emergency')))
    whenToCall.push(
      'Get emergency care (call 911) if you have sudden weakness, numbness, chest pain or trouble breathing.',
    );

  const followUp = c.followUp ?? null;
  const reasonForVisit = c.chiefComplaint ? c.chiefComplaint : null;
  const lines = [
    `Visit on ${input.visitDate}${input.practitionerName ? ` with ${input.practitionerName}` : ''}`,
    '',
    ...(reasonForVisit ? [`Why you came: ${reasonForVisit}`, ''] : []),
    `What we found: ${whatWeFound}`,
    '',
    ...(whatWeDid.length
      ? [
          'What we did:',
          ...whatWeDid.map((d) => `- Your ${d.area}: ${d.techniques.join(', ')}`),
          '',
          'About these treatments:',
          ...aboutTechniques.map((t) => `- ${t.name}: ${t.description}`),
          '',
        ]
      : []),
    ...(pain ? [pain, ''] : []),
    'After your visit:',
    ...aftercare.map((a) => `- ${a}`),
    '',
    'When to call:',
    ...whenToCall.map((w) => `- ${w}`),
    ...(followUp ? ['', `Next steps: ${/[.!?]$/.test(followUp) ? followUp : `${followUp}.`}`] : []),
  ];
  return {
    visitDate: input.visitDate,
    practitionerName: input.practitionerName,
    reasonForVisit,
    whatWeFound,
    whatWeDid,
    aboutTechniques,
    pain,
    aftercare,
    whenToCall,
    followUp,
    text: lines.join('\n'),
  };
}
