import {
  CONDITION_FAMILIES,
  FRACTURE_FAMILIES,
  REGION_BY_ID,
  SAFETY_RULES,
  TECHNIQUES,
  resolveSeverity,
  type SafetyRule,
  type Technique,
  type TechniqueId,
  type Trigger,
  type WhoClass,
} from '../../../../../domain/omt/index.ts';
import { cites, link, list, item, note, p, row, table, type Block, type LibraryPage } from '../model.ts';

/**
 * The technique pages are generated from the clinicians' own catalogue (`domain/omt/techniques.ts`)
 * and safety rules (`domain/omt/safety/rules.ts`): what a patient reads cannot disagree with what
 * the safety check enforces at treatment time.
 */
const FLAG_LABELS: Record<string, string> = {
  anticoagulated: 'Taking a blood thinner',
  pregnant: 'Pregnancy',
  'no-consent': 'You have not agreed to it',
  'recent-surgery': 'Recent surgery in the area',
  'cannot-cooperate': 'Not able to follow instructions during treatment',
  unstable: 'Being acutely unwell (an emergency)',
};

function triggerLabel(t: Trigger): string {
  if ('family' in t) return CONDITION_FAMILIES[t.family].label;
  if ('flag' in t) return FLAG_LABELS[t.flag] ?? t.flag;
  if ('ageBelowYears' in t) return `Children under ${t.ageBelowYears}`;
  return 'A blood thinner whose level has not been checked recently';
}

/** "Fracture in the area" instead of ten fracture families; otherwise each condition's label. */
export function conditionsOf(rule: SafetyRule): string {
  const families = rule.triggers.flatMap((t) => ('family' in t ? [t.family] : []));
  const allFractures = FRACTURE_FAMILIES.every((f) => families.includes(f));
  const labels = rule.triggers
    .filter((t) => !(allFractures && 'family' in t && FRACTURE_FAMILIES.includes(t.family)))
    .map(triggerLabel);
  if (allFractures) labels.unshift('A fracture in the area');
  return [...new Set(labels)].join('; ');
}

const CLASS_TEXT: Record<WhoClass, string> = {
  direct: 'a direct technique: the doctor moves the tissue or joint toward and into its restriction',
  indirect:
    'an indirect technique: the doctor moves the area away from the restriction, into the position of ease',
  combined: 'a combined technique: first toward ease, then through the restriction',
  fluid: 'a fluid technique, aimed at the movement of body fluids',
  reflex: 'a reflex-based technique, using pressure on small reflex points',
};

export function rulesFor(id: TechniqueId): SafetyRule[] {
  return SAFETY_RULES.filter((r) => r.techniques.includes(id));
}

function ruleRow(rule: SafetyRule) {
  const severity = resolveSeverity(rule.readings, 'strict');
  const where = rule.regionsWithin
    ? `Only on the ${rule.regionsWithin.map((r) => REGION_BY_ID[r].label.toLowerCase()).join(' or ')}`
    : rule.anyRegion
      ? 'Anywhere in the body'
      : 'Where the condition is';
  const sources = cites([...new Set(rule.readings.map((r) => r.source))]);
  return row(
    [
      conditionsOf(rule),
      severity === 'absolute' ? 'Should not be used' : 'Needs extra care; tell the DO',
      where,
    ],
    ...sources,
  );
}

function suits(t: Technique): Block[] {
  const blocks: Block[] = [];
  const classes = t.whoClasses.map((c) => CLASS_TEXT[c]).join(', or ');
  blocks.push(p(`${t.name} is ${classes}.`, ...cites(t.sources)));
  if (t.whoClasses.some((c) => c !== 'direct'))
    blocks.push(
      p(
        'Gentler indirect, fluid and reflex-based techniques can often be used where firm, direct ones are not suitable.',
        'who-benchmarks',
      ),
    );
  if (t.activity === 'active')
    blocks.push(
      p(
        'You take an active part (pushing gently against the doctor’s hand), so it suits people who can follow instructions during treatment.',
        'statpearls-met',
      ),
    );
  if (t.typicalRegions)
    blocks.push(
      p(
        `It is usually used on the ${t.typicalRegions.map((r) => REGION_BY_ID[r].label.toLowerCase()).join(' and ')}.`,
        ...cites(t.sources),
      ),
    );
  return blocks;
}

export function techniquePage(t: Technique): LibraryPage {
  const rules = rulesFor(t.id);
  const caveats = [...new Set(rules.flatMap((r) => (r.caveat ? [r.caveat] : [])))];
  const abbreviation = t.abbreviation ? ` (${t.abbreviation})` : '';
  return {
    slug: `techniques/${t.id}`,
    title: `${t.name}${abbreviation}: what it feels like, who it suits, who should avoid it`,
    description:
      `${t.patientDescription} Who it suits and who should avoid it, from the same safety rules clinicians use.`.slice(
        0,
        158,
      ),
    lede: `One of the techniques a DO may choose. What it feels like, who it suits, and who should avoid it — from the same catalogue and safety rules the clinicians use.`,
    sections: [
      {
        id: 'feels',
        heading: 'What it feels like',
        blocks: [
          p(t.patientDescription, ...cites(t.sources)),
          p(`How long: ${t.dose.summary}`, ...cites(t.sources)),
        ],
      },
      { id: 'suits', heading: 'Who it suits', blocks: suits(t) },
      {
        id: 'avoid',
        heading: 'Who should avoid it',
        blocks: [
          rules.length
            ? table(
                `Conditions that rule out or limit ${t.name.toLowerCase()}`,
                ['Condition', 'What it means', 'Where'],
                ...rules.map(ruleRow),
              )
            : p(
                'No condition-specific list was found for this technique; the general rules apply.',
                'who-benchmarks',
              ),
          note(
            'Where sources disagree we show the stricter reading, as the clinic’s strict safety policy does. A reason to avoid one technique does not rule out others.',
            'who-benchmarks',
          ),
          ...caveats.map((c) => note(c, 'unverified')),
        ],
      },
      {
        id: 'more',
        heading: 'Read next',
        blocks: [link('All techniques', '/learn/techniques'), link('Is OMT right for me?', '/self-check')],
      },
    ],
  };
}

export const TECHNIQUE_PAGES: readonly LibraryPage[] = TECHNIQUES.map(techniquePage);

export const TECHNIQUES_INDEX: LibraryPage = {
  slug: 'techniques',
  title: 'OMT techniques, one by one',
  description:
    'Every OMT technique in our catalogue in plain words: what it feels like, who it suits and who should avoid it.',
  lede: 'DOs choose among these techniques for each body region. Each page says what it feels like and who should avoid it.',
  sections: [
    {
      id: 'list',
      heading: 'The techniques',
      blocks: TECHNIQUES.map((t) =>
        link(
          `${t.name}${t.abbreviation ? ` (${t.abbreviation})` : ''} — ${t.patientDescription}`,
          `/learn/techniques/${t.id}`,
        ),
      ),
    },
    {
      id: 'groups',
      heading: 'Direct and indirect',
      blocks: [
        list(
          item(
            'Direct techniques take a joint or tissue toward and into its restriction (thrust, muscle energy, articulatory, soft tissue).',
            'who-benchmarks',
            'statpearls-counterstrain-fpr',
          ),
          item(
            'Indirect techniques move it away from the restriction into a position of ease (counterstrain, facilitated positional release, balanced ligamentous tension).',
            'statpearls-counterstrain-fpr',
          ),
        ),
      ],
    },
  ],
};
