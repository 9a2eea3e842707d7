/** Shapes of the schedule-management API (src/server/features/scheduling/schedule.ts) the settings screen reads. */

export interface WeeklyHour {
  weekday: number;
  start: string;
  end: string;
}

export interface WallInterval {
  start: string;
  end: string;
}

export interface DateOverride {
  id: string;
  date: string;
  intervals: WallInterval[];
  note: string | null;
}

export interface TimeSpan {
  id: string;
  start: string;
  end: string;
  reason: string | null;
}

export interface PractitionerSchedule {
  practitionerId: string;
  name: string;
  timeZone: string;
  /** False for a clinician looking at someone else's schedule. */
  editable: boolean;
  weeklyHours: (WeeklyHour & { id: string })[];
  overrides: DateOverride[];
  timeOff: TimeSpan[];
  closures: TimeSpan[];
}

export interface AddedSpan extends TimeSpan {
  practitionerId: string | null;
  /** Booked appointments inside the new span: kept, not cancelled. */
  affectedAppointments: number;
}

export interface PutOverrideResult extends DateOverride {
  replaced: boolean;
}

/** An appointment type as staff see it (`?includeInactive=true`). */
export interface ManagedType {
  id: string;
  name: string;
  description: string | null;
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  slotIntervalMinutes: number;
  minNoticeMinutes: number;
  horizonDays: number;
  bookableOnline: boolean;
  newPatientOnly: boolean;
  selfPayPrice: { amount: number; currency: string } | null;
  active: boolean;
}

export interface TypeBody {
  code?: string;
  name?: string;
  description?: string | null;
  durationMinutes?: number;
  bufferBeforeMinutes?: number;
  bufferAfterMinutes?: number;
  slotIntervalMinutes?: number;
  minNoticeMinutes?: number;
  horizonDays?: number;
  bookableOnline?: boolean;
  newPatientOnly?: boolean;
  selfPayPrice?: number | null;
  active?: boolean;
}

export interface SchedulingSettings {
  lateCancelHours: number;
  maxFutureBookingsPerPatient: number;
  waitlistHoldMinutes: number;
  reminderLeadMinutes: number[];
}

export interface FeedStatus {
  practitionerId: string;
  active: boolean;
  createdAt: string | null;
  lastUsedAt: string | null;
}

export interface RotatedFeed {
  practitionerId: string;
  token: string;
  /** Path on this server, e.g. /api/v1/calendar/<token>.ics */
  url: string;
  createdAt: string;
  rotated: boolean;
}
