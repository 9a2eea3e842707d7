import type { ManagedType, SchedulingSettings, TypeBody } from './types';

/**
 * Pure helpers of the appointment-type and booking-policy forms: labels for durations, drafts with
 * the server's defaults, validation that mirrors the server's limits (so mistakes show beside the
 * field before anything is sent) and the bodies to send.
 */

/** "none", "45 min", "2 h", "1 h 30 min", "1 day", "2 days", "1 day 4 h". */
export function minutesLabel(minutes: number): string {
  if (!Number.isFinite(minutes) || minutes <= 0) return 'none';
  const days = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const parts: string[] = [];
  if (days) parts.push(`${days} ${days === 1 ? 'day' : 'days'}`);
  if (h) parts.push(`${h} h`);
  if (m) parts.push(`${m} min`);
  return parts.join(' ');
}

/** A NumberInput's value (number, or the text being typed) as a number, `null` when empty. */
export function numberOf(value: number | string): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const t = value.trim();
  if (!t) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

export interface TypeDraft {
  code: string;
  name: string;
  description: string;
  durationMinutes: number | string;
  bufferBeforeMinutes: number | string;
  bufferAfterMinutes: number | string;
  slotIntervalMinutes: number | string;
  /** Entered in hours (decimals allowed); sent as minutes. */
  minNoticeHours: number | string;
  horizonDays: number | string;
  bookableOnline: boolean;
  newPatientOnly: boolean;
  /** Empty = no self-pay price. */
  selfPayPrice: number | string;
}

export type TypeField = keyof TypeDraft;

/** A new type with the server's defaults (15-minute slots, 2 hours' notice, 60 days ahead). */
export function newTypeDraft(): TypeDraft {
  return {
    code: '',
    name: '',
    description: '',
    durationMinutes: 30,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    slotIntervalMinutes: 15,
    minNoticeHours: 2,
    horizonDays: 60,
    bookableOnline: true,
    newPatientOnly: false,
    selfPayPrice: '',
  };
}

export function typeDraftFrom(t: ManagedType): TypeDraft {
  return {
    code: t.id,
    name: t.name,
    description: t.description ?? '',
    durationMinutes: t.durationMinutes,
    bufferBeforeMinutes: t.bufferBeforeMinutes,
    bufferAfterMinutes: t.bufferAfterMinutes,
    slotIntervalMinutes: t.slotIntervalMinutes,
    minNoticeHours: Math.round((t.minNoticeMinutes / 60) * 100) / 100,
    horizonDays: t.horizonDays,
    bookableOnline: t.bookableOnline,
    newPatientOnly: t.newPatientOnly,
    selfPayPrice: t.selfPayPrice ? t.selfPayPrice.amount : '',
  };
}

/** "Extended OMT (45 min)" → "extended-omt-45-min": a suggestion for the id of a new type. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

const CODE_RE = /^[a-z0-9-]+$/;

function wholeIn(
  value: number | string,
  min: number,
  max: number,
  what: string,
  unit: string,
): string | undefined {
  const n = numberOf(value);
  if (n === null) return `Enter the ${what}.`;
  if (!Number.isInteger(n)) return `Enter whole ${unit}.`;
  if (n < min || n > max) return `Enter ${min}–${max} ${unit}.`;
  return undefined;
}

/** Problems per field, as the server would find them (limits from the server's schema). */
export function validateType(d: TypeDraft, isNew: boolean): Partial<Record<TypeField, string>> {
  const e: Partial<Record<TypeField, string>> = {};
  if (isNew) {
    if (!d.code.trim()) e.code = 'Enter a short id such as omt-extended.';
    else if (d.code.length > 60) e.code = 'Keep the id to 60 characters.';
    else if (!CODE_RE.test(d.code)) e.code = 'Use lowercase letters, digits and hyphens only.';
  }
  if (!d.name.trim()) e.name = 'Enter the name patients and staff will see.';
  else if (d.name.trim().length > 120) e.name = 'Keep the name to 120 characters.';
  if (d.description.trim().length > 1000) e.description = 'Keep the description to 1000 characters.';
  e.durationMinutes = wholeIn(d.durationMinutes, 5, 480, 'length of the visit', 'minutes');
  e.bufferBeforeMinutes = wholeIn(d.bufferBeforeMinutes, 0, 240, 'buffer before', 'minutes');
  e.bufferAfterMinutes = wholeIn(d.bufferAfterMinutes, 0, 240, 'buffer after', 'minutes');
  e.slotIntervalMinutes = wholeIn(d.slotIntervalMinutes, 5, 240, 'slot interval', 'minutes');
  const notice = numberOf(d.minNoticeHours);
  if (notice === null) e.minNoticeHours = 'Enter the minimum notice in hours (0 for none).';
  else if (notice < 0 || notice > 720) e.minNoticeHours = 'Enter 0–720 hours (30 days).';
  e.horizonDays = wholeIn(d.horizonDays, 1, 730, 'booking horizon', 'days');
  const price = numberOf(d.selfPayPrice);
  if (price !== null && (price < 0 || price > 100_000))
    e.selfPayPrice = 'Enter a price from 0 to 100,000, or leave it empty for no self-pay price.';
  else if (price !== null && Math.round(price * 100) !== price * 100)
    e.selfPayPrice = 'Enter the price in dollars and cents, e.g. 129.50.';
  for (const k of Object.keys(e) as TypeField[]) if (!e[k]) delete e[k];
  return e;
}

/** The full body of a (valid) draft. */
export function typeBody(d: TypeDraft): Required<Omit<TypeBody, 'active' | 'code'>> {
  return {
    name: d.name.trim(),
    description: d.description.trim() || null,
    durationMinutes: numberOf(d.durationMinutes)!,
    bufferBeforeMinutes: numberOf(d.bufferBeforeMinutes)!,
    bufferAfterMinutes: numberOf(d.bufferAfterMinutes)!,
    slotIntervalMinutes: numberOf(d.slotIntervalMinutes)!,
    minNoticeMinutes: Math.round(numberOf(d.minNoticeHours)! * 60),
    horizonDays: numberOf(d.horizonDays)!,
    bookableOnline: d.bookableOnline,
    newPatientOnly: d.newPatientOnly,
    selfPayPrice: numberOf(d.selfPayPrice),
  };
}

/** Only the fields that differ from the stored type (PATCH), `{}` when nothing changed. */
export function typePatch(original: ManagedType, d: TypeDraft): TypeBody {
  const next = typeBody(d);
  const before = typeBody(typeDraftFrom(original));
  const patch: Record<string, unknown> = {};
  for (const k of Object.keys(next) as (keyof typeof next)[]) {
    if (next[k] !== before[k]) patch[k] = next[k];
  }
  // Keep a notice the hours field cannot show exactly (e.g. 100 minutes) unless it was changed.
  if ('minNoticeMinutes' in patch && Math.abs(next.minNoticeMinutes - original.minNoticeMinutes) < 1)
    delete patch.minNoticeMinutes;
  return patch;
}

/** Server field paths → form fields. */
export function typeServerField(path: string): TypeField | null {
  if (path === 'minNoticeMinutes') return 'minNoticeHours';
  const fields: TypeField[] = [
    'code',
    'name',
    'description',
    'durationMinutes',
    'bufferBeforeMinutes',
    'bufferAfterMinutes',
    'slotIntervalMinutes',
    'horizonDays',
    'bookableOnline',
    'newPatientOnly',
    'selfPayPrice',
  ];
  return (fields as string[]).includes(path) ? (path as TypeField) : null;
}

// Booking policy ---------------------------------------------------------------------------------

export type LeadUnit = 'minutes' | 'hours' | 'days';
export const UNIT_MINUTES: Record<LeadUnit, number> = { minutes: 1, hours: 60, days: 1440 };

export const LEAD_MIN = 15;
export const LEAD_MAX = 14 * 1440;
export const MAX_LEADS = 5;

/** A new reminder lead time from an amount and a unit, or the problem with it. */
export function leadMinutes(
  amount: number | string,
  unit: LeadUnit,
  existing: readonly number[],
): { minutes: number | null; error?: string } {
  const n = numberOf(amount);
  if (n === null || n <= 0) return { minutes: null, error: 'Enter how long before the visit.' };
  const minutes = Math.round(n * UNIT_MINUTES[unit]);
  if (minutes < LEAD_MIN || minutes > LEAD_MAX)
    return { minutes: null, error: 'Reminders can go from 15 minutes to 14 days before.' };
  if (existing.includes(minutes))
    return { minutes: null, error: `There is already a reminder ${minutesLabel(minutes)} before.` };
  if (existing.length >= MAX_LEADS) return { minutes: null, error: `At most ${MAX_LEADS} reminders.` };
  return { minutes };
}

export interface PolicyDraft {
  lateCancelHours: number | string;
  maxFutureBookingsPerPatient: number | string;
  waitlistHoldMinutes: number | string;
  reminderLeadMinutes: number[];
}

export type PolicyField = keyof PolicyDraft;

export function policyDraftFrom(s: SchedulingSettings): PolicyDraft {
  return { ...s, reminderLeadMinutes: [...s.reminderLeadMinutes].sort((a, b) => b - a) };
}

export function validatePolicy(d: PolicyDraft): Partial<Record<PolicyField, string>> {
  const e: Partial<Record<PolicyField, string>> = {
    lateCancelHours: wholeIn(d.lateCancelHours, 0, 168, 'late-cancellation window', 'hours'),
    maxFutureBookingsPerPatient: wholeIn(d.maxFutureBookingsPerPatient, 1, 50, 'booking limit', 'visits'),
    waitlistHoldMinutes: wholeIn(d.waitlistHoldMinutes, 5, 7 * 1440, 'hold time', 'minutes'),
  };
  if (d.reminderLeadMinutes.length > MAX_LEADS) e.reminderLeadMinutes = `At most ${MAX_LEADS} reminders.`;
  for (const k of Object.keys(e) as PolicyField[]) if (!e[k]) delete e[k];
  return e;
}

/** The settings that changed (PATCH body); `{}` when nothing did. */
export function policyPatch(before: SchedulingSettings, d: PolicyDraft): Partial<SchedulingSettings> {
  const patch: Partial<SchedulingSettings> = {};
  const late = numberOf(d.lateCancelHours)!;
  const max = numberOf(d.maxFutureBookingsPerPatient)!;
  const hold = numberOf(d.waitlistHoldMinutes)!;
  if (late !== before.lateCancelHours) patch.lateCancelHours = late;
  if (max !== before.maxFutureBookingsPerPatient) patch.maxFutureBookingsPerPatient = max;
  if (hold !== before.waitlistHoldMinutes) patch.waitlistHoldMinutes = hold;
  const a = [...d.reminderLeadMinutes].sort((x, y) => y - x);
  const b = [...before.reminderLeadMinutes].sort((x, y) => y - x);
  if (a.join(',') !== b.join(',')) patch.reminderLeadMinutes = a;
  return patch;
}
