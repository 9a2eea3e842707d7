import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildIcs, icsEscape, icsParam, icsText, type IcsEvent } from './ics.ts';

/** A content line: its name, its parameters (quotes respected) and its raw value. */
interface Line {
  name: string;
  params: Record<string, string>;
  value: string;
}

/** RFC 5545 §3.1: unfold (CRLF + space/tab), then split each line into name, parameters and value. */
function parse(doc: string): Line[] {
  expect(doc.endsWith('\r\n')).toBe(true);
  const unfolded = doc.replace(/\r\n[ \t]/g, '');
  return unfolded
    .slice(0, -2)
    .split('\r\n')
    .map((raw) => {
      const parts: string[] = [];
      let cur = '';
      let quoted = false;
      let i = 0;
      for (; i < raw.length; i++) {
        const ch = raw[i]!;
        if (ch === '"') quoted = !quoted;
        if (!quoted && (ch === ';' || ch === ':')) {
          parts.push(cur);
          cur = '';
          if (ch === ':') break;
          continue;
        }
        cur += ch;
      }
      expect(i, `no value in ${JSON.stringify(raw)}`).toBeLessThan(raw.length);
      const [name, ...params] = parts as [string, ...string[]];
      return {
        name,
        params: Object.fromEntries(
          params.map((p) => {
            const eq = p.indexOf('=');
            return [p.slice(0, eq), p.slice(eq + 1)];
          }),
        ),
        value: raw.slice(i + 1),
      };
    });
}

/** The value of an RFC 5545 TEXT property, unescaped. */
const unescape = (v: string) =>
  v.replace(/\\([\\;,nN])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));

const event = (over: Partial<IcsEvent> = {}): IcsEvent => ({
  appointmentId: '3f0c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f',
  start: new Date('2027-03-15T14:00:00Z'),
  end: new Date('2027-03-15T14:30:00Z'),
  summary: 'Appointment',
  location: 'Kirksville',
  description: 'See you soon.',
  sequence: 0,
  stamp: new Date('2027-03-10T15:00:00Z'),
  status: 'CONFIRMED',
  organizer: { name: 'Clinic', email: 'clinic@example.org' },
  attendee: { name: 'Ada', email: 'ada@example.org' },
  ...over,
});

const NAMES = [
  'BEGIN',
  'VERSION',
  'PRODID',
  'METHOD',
  'NAME',
  'X-WR-CALNAME',
  'BEGIN',
  'UID',
  'SEQUENCE',
  'DTSTAMP',
  'DTSTART',
  'DTEND',
  'SUMMARY',
  'LOCATION',
  'DESCRIPTION',
  'ORGANIZER',
  'ATTENDEE',
  'STATUS',
  'END',
  'END',
];

/** Every line of the document is one of ours: nothing a text could add. */
function expectOnlyOurLines(lines: Line[]) {
  expect(lines.map((l) => l.name).sort()).toEqual([...NAMES].sort());
  for (const l of lines.filter((x) => x.name === 'BEGIN' || x.name === 'END'))
    expect(['VCALENDAR', 'VEVENT']).toContain(l.value);
  expect(Object.keys(lines.find((l) => l.name === 'ORGANIZER')!.params)).toEqual(['CN']);
  expect(Object.keys(lines.find((l) => l.name === 'ATTENDEE')!.params).sort()).toEqual([
    'CN',
    'PARTSTAT',
    'ROLE',
  ]);
}

describe('calendar files', () => {
  it('escapes the calendar name: line breaks, semicolons and commas cannot add properties', () => {
    const name = 'Dr. Evil, DO; Clinic\\\r\nX-INJECTED:1\r\nEND:VCALENDAR\nBEGIN:VEVENT';
    const lines = parse(buildIcs({ method: 'PUBLISH', name, events: [event()] }));
    expectOnlyOurLines(lines);
    const written = lines.find((l) => l.name === 'NAME')!.value;
    expect(written).toBe('Dr. Evil\\, DO\\; Clinic\\\\\\nX-INJECTED:1\\nEND:VCALENDAR\\nBEGIN:VEVENT');
    expect(unescape(written)).toBe('Dr. Evil, DO; Clinic\\\nX-INJECTED:1\nEND:VCALENDAR\nBEGIN:VEVENT');
    expect(lines.find((l) => l.name === 'X-WR-CALNAME')!.value).toBe(written);
  });

  it('strips escape sequences and other controls from every text and keeps the words', () => {
    const doc = buildIcs({
      method: 'REQUEST',
      name: 'Feed\u001b[2J',
      events: [
        event({
          summary: 'Visit\u001b]0;owned\u0007 with\u009b31m Dr\u0000. A\u007f',
          location: 'Room\u0085 1\ud800',
          description: 'Line one\r\nLine\ttwo\u001b[0m',
          organizer: { name: 'Clinic\u001b[5m', email: 'clinic@example.org' },
          attendee: { name: 'Ada\u0000', email: 'ada@example.org' },
        }),
      ],
    });
    // eslint-disable-next-line no-control-regex -- the document must hold none
    expect(doc.replace(/\r\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    const lines = parse(doc);
    expectOnlyOurLines(lines);
    const text = (n: string) => unescape(lines.find((l) => l.name === n)!.value);
    expect(text('NAME')).toBe('Feed[2J');
    expect(text('SUMMARY')).toBe('Visit]0;owned with31m Dr. A');
    expect(text('LOCATION')).toBe('Room 1\ufffd');
    expect(text('DESCRIPTION')).toBe('Line one\nLine two[0m');
    expect(lines.find((l) => l.name === 'ORGANIZER')!.params.CN).toBe('"Clinic[5m"');
    expect(lines.find((l) => l.name === 'ATTENDEE')!.params.CN).toBe('"Ada"');
  });

  it('a name cannot close its quotes and add parameters', () => {
    const lines = parse(
      buildIcs({
        method: 'REQUEST',
        events: [
          event({
            organizer: { name: 'Clinic";SENT-BY="mailto:evil@example.org', email: 'clinic@example.org' },
            attendee: { name: 'Ada\\";ROLE=CHAIR;X="', email: 'ada@example.org' },
          }),
        ],
      }),
    );
    const organizer = lines.find((l) => l.name === 'ORGANIZER')!;
    expect(Object.keys(organizer.params)).toEqual(['CN']);
    expect(organizer.params.CN).toBe(`"Clinic';SENT-BY='mailto:evil@example.org"`);
    const attendee = lines.find((l) => l.name === 'ATTENDEE')!;
    expect(attendee.params.ROLE).toBe('REQ-PARTICIPANT');
    expect(Object.keys(attendee.params).sort()).toEqual(['CN', 'PARTSTAT', 'ROLE']);
  });

  it('whatever the texts, the document has exactly our lines and each text reads back cleaned', () => {
    const anyText = fc.string({
      unit: fc.oneof(
        fc.constantFrom(
          '\r',
          '\n',
          '\r\n',
          '\t',
          ';',
          ',',
          ':',
          '"',
          '\\',
          '\u001b',
          '\u0085',
          '\u0000',
          '\u007f',
        ),
        fc.constantFrom('\ud800', '\udc00', 'é', 'e\u0301', '😀', 'END:VEVENT', 'X-A:1', 'a', ' '),
        fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
      ),
      minLength: 1,
      maxLength: 40,
    });
    fc.assert(
      // Each text starts with a letter, so none is empty once cleaned (an empty one writes no line).
      fc.property(anyText, anyText, anyText, anyText, anyText, (...texts) => {
        const [name, summary, location, description, who] = texts.map((x) => `x${x}`) as [
          string,
          string,
          string,
          string,
          string,
        ];
        const doc = buildIcs({
          method: 'PUBLISH',
          name,
          events: [
            event({
              summary,
              location,
              description,
              organizer: { name: who, email: 'clinic@example.org' },
              attendee: { name: who, email: 'ada@example.org' },
            }),
          ],
        });
        // eslint-disable-next-line no-control-regex -- the document must hold none
        expect(doc.replace(/\r\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
        expect(doc).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
        const lines = parse(doc);
        expectOnlyOurLines(lines);
        const text = (n: string) => unescape(lines.find((l) => l.name === n)!.value);
        expect(text('NAME')).toBe(icsText(name));
        expect(text('SUMMARY')).toBe(icsText(summary));
        expect(text('LOCATION')).toBe(icsText(location));
        expect(text('DESCRIPTION')).toBe(icsText(description));
        expect(lines.find((l) => l.name === 'ATTENDEE')!.params.CN).toBe(
          `"${icsParam(who).replace(/\\/g, '\\\\')}"`,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('icsEscape writes RFC 5545 TEXT', () => {
    expect(icsEscape('a\\b;c,d\r\ne\rf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
    expect(icsText('e\u0301\u001b')).toBe('é');
  });
});
