import { api, request } from '../../../api/client';
import type {
  AddedSpan,
  ManagedType,
  PractitionerSchedule,
  PutOverrideResult,
  RotatedFeed,
  SchedulingSettings,
  TypeBody,
  WallInterval,
  WeeklyHour,
} from './types';

/** Calls of the schedule settings screen; each one is a single enforced route on the server. */

const pr = (id: string) => `/api/v1/practitioners/${encodeURIComponent(id)}`;

export const schedulePath = (practitionerId: string) => `${pr(practitionerId)}/schedule`;
export const feedPath = (practitionerId: string) => `${pr(practitionerId)}/calendar-feed`;
export const TYPES_PATH = '/api/v1/appointment-types?includeInactive=true';
export const CLOSURES_PATH = '/api/v1/closures';
export const SETTINGS_PATH = '/api/v1/scheduling/settings';

export function getSchedule(practitionerId: string, signal?: AbortSignal): Promise<PractitionerSchedule> {
  return api.get<PractitionerSchedule>(schedulePath(practitionerId), { signal });
}

export function putWeeklyHours(
  practitionerId: string,
  body: { timeZone?: string; hours: WeeklyHour[] },
): Promise<PractitionerSchedule> {
  return request<PractitionerSchedule>('PUT', `${pr(practitionerId)}/weekly-hours`, body);
}

export function putOverride(
  practitionerId: string,
  body: { date: string; intervals: WallInterval[]; note?: string | null },
): Promise<PutOverrideResult> {
  return api.post<PutOverrideResult>(`${pr(practitionerId)}/overrides`, body);
}

export function deleteOverride(practitionerId: string, overrideId: string): Promise<void> {
  return api.del(`${pr(practitionerId)}/overrides/${encodeURIComponent(overrideId)}`);
}

export interface SpanBody {
  start: string;
  end: string;
  reason?: string | null;
}

export function addTimeOff(practitionerId: string, body: SpanBody): Promise<AddedSpan> {
  return api.post<AddedSpan>(`${pr(practitionerId)}/time-off`, body);
}

export function deleteTimeOff(practitionerId: string, id: string): Promise<void> {
  return api.del(`${pr(practitionerId)}/time-off/${encodeURIComponent(id)}`);
}

export function addClosure(body: SpanBody): Promise<AddedSpan> {
  return api.post<AddedSpan>(CLOSURES_PATH, body);
}

export function deleteClosure(id: string): Promise<void> {
  return api.del(`${CLOSURES_PATH}/${encodeURIComponent(id)}`);
}

export function createType(body: TypeBody): Promise<ManagedType> {
  return api.post<ManagedType>('/api/v1/appointment-types', body);
}

export function patchType(code: string, body: TypeBody): Promise<ManagedType> {
  return api.patch<ManagedType>(`/api/v1/appointment-types/${encodeURIComponent(code)}`, body);
}

export function retireType(code: string): Promise<ManagedType> {
  return api.del<ManagedType>(`/api/v1/appointment-types/${encodeURIComponent(code)}`);
}

export function patchSettings(body: Partial<SchedulingSettings>): Promise<SchedulingSettings> {
  return api.patch<SchedulingSettings>(SETTINGS_PATH, body);
}

export function rotateFeed(practitionerId: string): Promise<RotatedFeed> {
  return api.post<RotatedFeed>(feedPath(practitionerId));
}

export function revokeFeed(practitionerId: string): Promise<void> {
  return api.del(feedPath(practitionerId));
}
