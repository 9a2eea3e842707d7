import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
} from 'ical-generator';

export type IcsMethod = 'REQUEST' | 'CANCEL' | 'PUBLISH';

export interface IcsEvent {
  appointmentId: string;
  start: Date;
  end: Date;
  summary: string;
  location?: string | null;
  description?: string | null;
  /** Increases with every change of the appointment, so calendars apply updates in order. */
  sequence: number;
  stamp: Date;
  status: 'CONFIRMED' | 'CANCELLED' | 'TENTATIVE';
  organizer?: { name: string; email: string };
  attendee?: { name: string; email: string } | null;
}

/** The same UID for every message about one appointment: calendars update the event instead of adding one. */
export const appointmentUid = (appointmentId: string) => `${appointmentId}@stillpoint`;

const STATUS: Record<IcsEvent['status'], ICalEventStatus> = {
  CONFIRMED: ICalEventStatus.CONFIRMED,
  CANCELLED: ICalEventStatus.CANCELLED,
  TENTATIVE: ICalEventStatus.TENTATIVE,
};
const METHOD: Record<IcsMethod, ICalCalendarMethod> = {
  REQUEST: ICalCalendarMethod.REQUEST,
  CANCEL: ICalCalendarMethod.CANCEL,
  PUBLISH: ICalCalendarMethod.PUBLISH,
};

/** An iCalendar document; times are written in UTC (DTSTART:…Z), which every client reads correctly. */
export function buildIcs(opts: { method: IcsMethod; name?: string; events: IcsEvent[] }): string {
  const cal = ical({
    prodId: { company: 'Stillpoint', product: 'Stillpoint', language: 'EN' },
    method: METHOD[opts.method],
    ...(opts.name ? { name: opts.name } : {}),
  });
  for (const e of opts.events) {
    const event = cal.createEvent({
      id: appointmentUid(e.appointmentId),
      start: e.start,
      end: e.end,
      stamp: e.stamp,
      sequence: e.sequence,
      summary: e.summary,
      location: e.location ?? null,
      description: e.description ?? null,
      status: STATUS[e.status],
      ...(e.organizer ? { organizer: e.organizer } : {}),
    });
    if (e.attendee) {
      event.createAttendee({
        name: e.attendee.name,
        email: e.attendee.email,
        role: ICalAttendeeRole.REQ,
        status: e.status === 'CANCELLED' ? ICalAttendeeStatus.DECLINED : ICalAttendeeStatus.ACCEPTED,
      });
    }
  }
  return cal.toString();
}
