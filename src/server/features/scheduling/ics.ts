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

/**
 * Text as a calendar file may carry it: NFC, line breaks as LF, and no control characters (an
 * escape sequence stored before the API refused them, or typed into a clinic's name, must not
 * reach a calendar app), unpaired surrogates replaced by U+FFFD.
 */
export function icsText(s: string): string {
  return (
    s
      .replace(/\r\n?/g, '\n')
      .replace(/\t/g, ' ')
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, '')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
      .normalize('NFC')
  );
}

/** An RFC 5545 TEXT value (§3.3.11): backslash, semicolon, comma and line breaks escaped. */
export function icsEscape(s: string): string {
  return icsText(s)
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n');
}

/**
 * A quoted parameter value (a CN): RFC 5545 allows no DQUOTE and no line break in it, and
 * ical-generator's backslash before a quote is not an escape there (a name could end the quotes
 * and add parameters), so quotes become apostrophes and line breaks spaces.
 */
export function icsParam(s: string): string {
  return icsText(s).replace(/"/g, "'").replace(/\n/g, ' ');
}

/**
 * An iCalendar document; times are written in UTC (DTSTART:…Z), which every client reads correctly.
 * Every text is cleaned (`icsText`); ical-generator escapes the event's TEXT values, but writes
 * the calendar NAME / X-WR-CALNAME as given, so that one is escaped here.
 */
export function buildIcs(opts: { method: IcsMethod; name?: string; events: IcsEvent[] }): string {
  const name = opts.name ? icsEscape(opts.name) : '';
  const cal = ical({
    prodId: { company: 'Stillpoint', product: 'Stillpoint', language: 'EN' },
    method: METHOD[opts.method],
    ...(name ? { name } : {}),
  });
  for (const e of opts.events) {
    const event = cal.createEvent({
      id: appointmentUid(e.appointmentId),
      start: e.start,
      end: e.end,
      stamp: e.stamp,
      sequence: e.sequence,
      summary: icsText(e.summary),
      location: e.location ? icsText(e.location) : null,
      description: e.description ? icsText(e.description) : null,
      status: STATUS[e.status],
      ...(e.organizer
        ? {
            organizer: {
              // ical-generator refuses an empty CN: a name that was all control characters falls back to the address.
              name: icsParam(e.organizer.name) || icsText(e.organizer.email),
              email: icsText(e.organizer.email),
            },
          }
        : {}),
    });
    if (e.attendee) {
      event.createAttendee({
        name: icsParam(e.attendee.name),
        email: icsText(e.attendee.email),
        role: ICalAttendeeRole.REQ,
        status: e.status === 'CANCELLED' ? ICalAttendeeStatus.DECLINED : ICalAttendeeStatus.ACCEPTED,
      });
    }
  }
  // RFC 5545 ends every content line, the last one too, with CRLF (ical-generator omits the last).
  const doc = cal.toString();
  return doc.endsWith('\r\n') ? doc : `${doc}\r\n`;
}
