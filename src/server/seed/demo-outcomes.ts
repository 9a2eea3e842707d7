import type { Tx } from '../db/connect.ts';
import { seedPlan, seedScore } from '../features/outcomes/index.ts';

/**
 * Outcome stories for the demo clinic: the first ten patients answer questionnaires over six to
 * ten weeks; the first five also have a plan of care. Together they show a responder (Maria
 * Alvarez, the patient login), a plateau that makes her neighbour's plan "review due", a
 * non-responder, a completed course, and enough patients for the evidence dashboard to draw an
 * interval.
 */

const DAY = 86_400_000;

/** [days ago, score] for NRS; PEG answers are given as [days ago, pain, enjoyment, activity]. */
type Nrs = [number, number][];
type Peg = [number, number, number, number][];

interface Story {
  nrs?: Nrs;
  peg?: Peg;
  psfs?: [number, number][];
  plan?: {
    title: string;
    status: 'active' | 'completed' | 'draft';
    weeks: number;
    startDaysAgo: number;
    reviewInDays: number;
    goals: { text: string; instrument: 'nrs' | 'peg' | 'psfs' | null; target: number | null }[];
  };
}

const STORIES: Story[] = [
  {
    // Responder on every measure.
    peg: [
      [49, 8, 7, 8],
      [35, 7, 6, 6],
      [21, 5, 5, 4],
      [7, 4, 3, 3],
    ],
    nrs: [
      [49, 8],
      [35, 6],
      [21, 5],
      [7, 3],
    ],
    psfs: [
      [49, 3],
      [21, 5],
      [7, 7],
    ],
    plan: {
      title: 'Low back pain, autumn 2026',
      status: 'active',
      weeks: 8,
      startDaysAgo: 49,
      reviewInDays: 7,
      goals: [
        { text: 'Lift my daughter without pain', instrument: 'psfs', target: 7 },
        { text: 'Pain at most 3 of 10 on an average day', instrument: 'nrs', target: 3 },
      ],
    },
  },
  {
    // Plateau: early gains, then three flat weeks → review due.
    nrs: [
      [56, 8],
      [42, 6],
      [28, 5],
      [14, 5],
      [2, 5],
    ],
    plan: {
      title: 'Neck pain and headaches',
      status: 'active',
      weeks: 8,
      startDaysAgo: 56,
      reviewInDays: 20,
      goals: [{ text: 'Work a full day at the screen', instrument: 'nrs', target: 3 }],
    },
  },
  {
    // Non-responder.
    nrs: [
      [42, 6],
      [28, 6],
      [14, 7],
      [3, 6],
    ],
    plan: {
      title: 'Right shoulder pain',
      status: 'active',
      weeks: 6,
      startDaysAgo: 42,
      reviewInDays: -3,
      goals: [{ text: 'Reach the top shelf', instrument: null, target: null }],
    },
  },
  {
    // A completed course.
    peg: [
      [70, 7, 6, 7],
      [56, 5, 5, 5],
      [42, 3, 3, 2],
    ],
    plan: {
      title: 'Thoracic pain',
      status: 'completed',
      weeks: 6,
      startDaysAgo: 70,
      reviewInDays: 0,
      goals: [{ text: 'Sleep through the night', instrument: 'peg', target: 3 }],
    },
  },
  {
    nrs: [
      [30, 7],
      [16, 4],
      [2, 3],
    ],
    plan: { title: 'Low back pain', status: 'draft', weeks: 6, startDaysAgo: 0, reviewInDays: 56, goals: [] },
  },
  {
    nrs: [
      [40, 9],
      [20, 6],
      [5, 5],
    ],
  },
  {
    nrs: [
      [35, 5],
      [21, 4],
      [7, 4],
    ],
  },
  {
    nrs: [
      [60, 6],
      [30, 3],
    ],
  },
  {
    nrs: [
      [28, 8],
      [14, 7],
      [1, 7],
    ],
  },
  {
    nrs: [
      [45, 7],
      [10, 2],
    ],
  },
];

const dateOf = (d: Date) => d.toISOString().slice(0, 10);

export async function seedDemoOutcomes(
  tx: Tx,
  clinicId: string,
  patientIds: string[],
  clinicianId: string,
  now: Date,
) {
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY);
  for (const [k, story] of STORIES.entries()) {
    const patientId = patientIds[k]!;
    const base = { clinicId, patientId, authorUserId: clinicianId };
    for (const [d, pain] of story.nrs ?? [])
      await seedScore(tx, { ...base, instrument: 'nrs', takenAt: at(d), answers: { pain } });
    for (const [d, pain, enjoyment, activity] of story.peg ?? [])
      await seedScore(tx, {
        ...base,
        instrument: 'peg',
        takenAt: at(d),
        answers: { pain, enjoyment, activity },
      });
    for (const [d, score] of story.psfs ?? [])
      await seedScore(tx, {
        ...base,
        instrument: 'psfs',
        takenAt: at(d),
        answers: { activities: [{ activity: 'Lifting my daughter', score }] },
      });
    const p = story.plan;
    if (!p) continue;
    const start = at(p.startDaysAgo);
    await seedPlan(tx, {
      clinicId,
      patientId,
      title: p.title,
      status: p.status,
      goals: p.goals,
      activities: [
        { kind: 'omt', perWeek: 1, weeks: p.weeks, dose: null, notes: null },
        { kind: 'exercise', perWeek: 5, weeks: p.weeks, dose: '10 minutes of the home program', notes: null },
        { kind: 'education', perWeek: null, weeks: null, dose: 'Staying active with back pain', notes: null },
      ],
      start: dateOf(start),
      reviewDate: dateOf(new Date(now.getTime() + p.reviewInDays * DAY)),
      createdBy: clinicianId,
      signedBy: p.status === 'draft' ? null : clinicianId,
      signedAt: p.status === 'draft' ? null : start,
      now: start,
    });
  }
  return STORIES.length;
}
