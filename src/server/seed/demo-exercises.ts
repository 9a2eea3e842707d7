import { asc, eq } from 'drizzle-orm';
import type { Tx } from '../db/connect.ts';
import { seedPrescription } from '../features/exercises/index.ts';
import { carePlans } from '../features/outcomes/tables.ts';

/**
 * Home exercise programs for the demo patients with a plan of care (the first five), with sessions
 * that tell a story beside their scores: Maria Alvarez (the responder) keeps to her program, her
 * neighbour's adherence falls off as her pain plateaus, the non-responder rarely does his, the
 * completed course was done well and stopped when it ended, and the draft plan's program starts
 * today. Maria's sessions are ticked by her own login; the others keep a paper diary that the
 * clinician enters at visits.
 */

const DAY = 86_400_000;

interface Rx {
  exercise: string;
  sets: number;
  reps: number;
  holdSeconds: number | null;
  timesPerDay: number;
  daysPerWeek: number;
  notes: string | null;
}

interface Program {
  exercises: Rx[];
  /** Share of prescribed sessions done in the program's n-th week (0 = the first). */
  rate: (week: number) => number;
  /** Stopped this many days ago (the course ended); null: still running. */
  stoppedDaysAgo: number | null;
  /** Leave today's sessions undone, for the patient to tick. */
  todayOpen: boolean;
}

const PROGRAMS: Program[] = [
  {
    exercises: [
      {
        exercise: 'pelvic-tilt',
        sets: 2,
        reps: 10,
        holdSeconds: 5,
        timesPerDay: 1,
        daysPerWeek: 7,
        notes: null,
      },
      {
        exercise: 'bird-dog',
        sets: 2,
        reps: 8,
        holdSeconds: 5,
        timesPerDay: 1,
        daysPerWeek: 5,
        notes: 'Start with arms only if your balance is unsure.',
      },
      {
        exercise: 'walking',
        sets: 1,
        reps: 1,
        holdSeconds: null,
        timesPerDay: 1,
        daysPerWeek: 5,
        notes: '20 minutes',
      },
    ],
    rate: (w) => [0.6, 0.8, 0.9, 1, 0.9, 1, 0.9, 1][w] ?? 0.9,
    stoppedDaysAgo: null,
    todayOpen: true,
  },
  {
    exercises: [
      {
        exercise: 'chin-tuck',
        sets: 2,
        reps: 10,
        holdSeconds: 5,
        timesPerDay: 2,
        daysPerWeek: 7,
        notes: null,
      },
      {
        exercise: 'shoulder-blade-squeeze',
        sets: 2,
        reps: 10,
        holdSeconds: 5,
        timesPerDay: 1,
        daysPerWeek: 5,
        notes: 'At the desk, once in the morning.',
      },
    ],
    rate: (w) => [1, 0.9, 0.8, 0.6, 0.4, 0.3, 0.2, 0.1, 0.1][w] ?? 0.1,
    stoppedDaysAgo: null,
    todayOpen: true,
  },
  {
    exercises: [
      {
        exercise: 'pendulum',
        sets: 1,
        reps: 20,
        holdSeconds: null,
        timesPerDay: 2,
        daysPerWeek: 7,
        notes: null,
      },
      {
        exercise: 'wall-angels',
        sets: 2,
        reps: 8,
        holdSeconds: null,
        timesPerDay: 1,
        daysPerWeek: 5,
        notes: null,
      },
    ],
    rate: (w) => [0.5, 0.3, 0.3, 0.2, 0.3, 0.2, 0.2][w] ?? 0.2,
    stoppedDaysAgo: null,
    todayOpen: true,
  },
  {
    exercises: [
      {
        exercise: 'thoracic-rotation',
        sets: 2,
        reps: 10,
        holdSeconds: 3,
        timesPerDay: 1,
        daysPerWeek: 7,
        notes: null,
      },
      {
        exercise: 'cat-cow',
        sets: 2,
        reps: 10,
        holdSeconds: null,
        timesPerDay: 1,
        daysPerWeek: 5,
        notes: null,
      },
    ],
    rate: (w) => [0.7, 0.9, 0.9, 0.8, 0.9, 0.8][w] ?? 0.8,
    stoppedDaysAgo: 28,
    todayOpen: false,
  },
  {
    exercises: [
      {
        exercise: 'knee-to-chest',
        sets: 2,
        reps: 5,
        holdSeconds: 20,
        timesPerDay: 1,
        daysPerWeek: 7,
        notes: null,
      },
    ],
    rate: () => 1,
    stoppedDaysAgo: null,
    todayOpen: false,
  },
];

const dateIn = (zone: string, at: Date) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);

/**
 * Which days a program's sessions fall on: in week n, about `rate(n)` of the prescribed sessions,
 * spread over the week by a fixed pattern (no randomness: the demo is the same on every machine).
 */
function sessionsOf(rx: Rx, program: Program, days: number, salt: number): number[] {
  const out: number[] = [];
  for (let day = 0; day < days; day++) {
    const week = Math.floor(day / 7);
    // Days of the week the dose asks for: the first `daysPerWeek` of each 7 in a rotating order.
    const slot = (day * 3 + salt) % 7;
    if (slot >= rx.daysPerWeek) continue;
    for (let time = 0; time < rx.timesPerDay; time++) {
      const draw = ((day * 7 + time * 5 + salt * 11) % 10) / 10;
      if (draw < program.rate(week)) out.push(day);
    }
  }
  return out;
}

export async function seedDemoExercises(
  tx: Tx,
  clinic: { id: string; timeZone: string },
  /** The demo patients in order: the k-th with a plan gets the k-th program. */
  patientIds: string[],
  clinicianId: string,
  /** Patient id → the patient's own login, for those who have one. */
  logins: Map<string, string>,
  now: Date,
) {
  const rows = await tx
    .select({ id: carePlans.id, patientId: carePlans.patientId, start: carePlans.start })
    .from(carePlans)
    .where(eq(carePlans.clinicId, clinic.id))
    .orderBy(asc(carePlans.createdAt));
  const plans = patientIds.flatMap((id) => rows.filter((r) => r.patientId === id).slice(0, 1));
  const today = dateIn(clinic.timeZone, now);
  const dayMs = (date: string) => Date.parse(`${date}T12:00:00Z`);
  let sessions = 0;
  for (const [k, plan] of plans.entries()) {
    const program = PROGRAMS[k];
    if (!program) break;
    const daysRun = Math.round((dayMs(today) - dayMs(plan.start)) / DAY) + 1;
    const stoppedAt =
      program.stoppedDaysAgo === null ? null : new Date(now.getTime() - program.stoppedDaysAgo * DAY);
    const lastDay = program.stoppedDaysAgo === null ? daysRun : daysRun - program.stoppedDaysAgo;
    for (const [i, rx] of program.exercises.entries()) {
      const days = sessionsOf(rx, program, lastDay, k * 3 + i).filter(
        (d) => !(program.todayOpen && d === daysRun - 1),
      );
      const at = (day: number) => new Date(now.getTime() - (daysRun - 1 - day) * DAY - 3_600_000);
      const logged = days.map((d) => ({ date: dateIn(clinic.timeZone, at(d)), at: at(d) }));
      // The draft plan's program starts today: its first session is done.
      if (program.stoppedDaysAgo === null && daysRun === 1 && logged.length === 0)
        logged.push({ date: today, at: new Date(now.getTime() - 3_600_000) });
      await seedPrescription(tx, {
        clinicId: clinic.id,
        patientId: plan.patientId,
        prescribedBy: clinicianId,
        loggedBy: logins.get(plan.patientId) ?? clinicianId,
        carePlanId: plan.id,
        ...rx,
        start: plan.start,
        stoppedAt,
        createdAt: new Date(dayMs(plan.start)),
        sessions: logged,
      });
      sessions += logged.length;
    }
  }
  return { programs: Math.min(plans.length, PROGRAMS.length), sessions };
}
