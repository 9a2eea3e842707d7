import { and, eq } from 'drizzle-orm';
import pino from 'pino';
import { practitioners, users } from '../db/schema.ts';
import type { Deps } from '../platform/deps.ts';
import type { RequestContext, Role } from '../platform/context.ts';
import { appointmentTypes, clinicSchedulingSettings } from '../features/scheduling/tables.ts';
import { availability, book, outsideRoute } from '../features/scheduling/service.ts';
import { JOIN_AUDIT, joinWaitlist } from '../features/scheduling/waitlist.ts';
import { addDays, localDate } from '../../domain/scheduling/index.ts';

export const DEMO_APPOINTMENT_TYPES = [
  {
    code: 'omt-new',
    name: 'New patient evaluation and OMT',
    description: 'History, osteopathic structural exam and a first treatment.',
    durationMinutes: 60,
    bufferAfterMinutes: 10,
    newPatientOnly: true,
    selfPayPriceCents: 18000,
  },
  {
    code: 'omt-follow-up',
    name: 'OMT follow-up',
    description: 'Re-examination and treatment.',
    durationMinutes: 30,
    bufferAfterMinutes: 5,
    newPatientOnly: false,
    selfPayPriceCents: 9500,
  },
  {
    code: 'consult',
    name: 'Short consultation',
    description: 'Questions about whether OMT may suit you; no treatment.',
    durationMinutes: 15,
    bufferAfterMinutes: 0,
    newPatientOnly: false,
    selfPayPriceCents: 0,
  },
] as const;

/**
 * The demo clinic's scheduling: appointment types, policy, upcoming appointments booked through
 * the same booking service the API uses (so they respect hours, buffers and overlaps, and write
 * their confirmation and reminder emails to the outbox), and two patients on the waiting list.
 */
export async function seedSchedulingDemo(
  deps: Pick<Deps, 'db' | 'config'>,
  clinicId: string,
  patientIds: string[],
): Promise<number> {
  const db = deps.db;
  await db.insert(appointmentTypes).values(
    DEMO_APPOINTMENT_TYPES.map((t) => ({
      clinicId,
      ...t,
      slotIntervalMinutes: 15,
      minNoticeMinutes: 120,
      horizonDays: 60,
    })),
  );
  await db.insert(clinicSchedulingSettings).values({
    clinicId,
    lateCancelHours: 24,
    maxFutureBookingsPerPatient: 3,
    waitlistHoldMinutes: 120,
    reminderLeadMinutes: [2880, 120],
  });
  const [fd] = await db
    .select()
    .from(users)
    .where(and(eq(users.clinicId, clinicId), eq(users.role, 'frontdesk')));
  if (!fd) return 0;
  const fullDeps = { ...deps, log: pino({ level: 'silent' }) } as unknown as Deps;
  const now = deps.config.now();
  const ctx: RequestContext = {
    requestId: 'seed',
    via: 'session',
    ip: '127.0.0.1',
    userAgent: 'stillpoint seed',
    now,
    user: { id: fd.id, email: fd.email, name: fd.name, role: fd.role as Role, clinicId, patientId: null },
  };
  const docs = await db.select().from(practitioners).where(eq(practitioners.clinicId, clinicId));
  // A few upcoming follow-ups over the next two weeks, spread across practitioners.
  const bookings = [0, 1, 2, 4, 5, 6, 10, 12].map((i, n) => ({
    patientId: patientIds[i]!,
    doc: docs[n % docs.length]!,
    skip: n * 3 + 2,
  }));
  let booked = 0;
  for (const b of bookings) {
    const from = new Date(now.getTime() + 86_400_000);
    const free = await availability(fullDeps, ctx, {
      practitionerId: b.doc.id,
      appointmentType: 'omt-follow-up',
      from: from.toISOString(),
      to: new Date(from.getTime() + 14 * 86_400_000).toISOString(),
    });
    const slot = free.slots[Math.min(b.skip, free.slots.length - 1)];
    if (!slot) continue;
    await book(
      fullDeps,
      ctx,
      {
        practitionerId: b.doc.id,
        appointmentType: 'omt-follow-up',
        start: slot.start,
        patientId: b.patientId,
      },
      `seed-${b.patientId}`,
    );
    booked++;
  }
  // Two patients waiting for an earlier time: one for a given practitioner, one for anyone.
  const sorted = [...docs].sort((a, b) => a.name.localeCompare(b.name));
  const today = localDate(now, sorted[0]?.timeZone ?? 'America/Chicago');
  const waiting = [
    { patientId: patientIds[3], practitionerId: sorted[0]?.id ?? null, note: 'Prefers mornings' },
    { patientId: patientIds[7], practitionerId: null, note: 'Any practitioner; short notice is fine' },
  ];
  const joining = outsideRoute(fullDeps, ctx, JOIN_AUDIT);
  for (const w of waiting) {
    if (!w.patientId) continue;
    await joinWaitlist(joining, {
      patientId: w.patientId,
      practitionerId: w.practitionerId,
      appointmentType: 'omt-follow-up',
      from: addDays(today, 1),
      to: addDays(today, 14),
      note: w.note,
    });
  }
  return booked;
}
