import type { CSSProperties } from 'react';
import type { Appointment, Slot } from '../../../contracts/scheduling.ts';
import { visitStatusText } from './api';
import { assignLanes, placeBlock, timeIn, timeRange, type DayScale } from './time';

export interface CalendarColumn {
  key: string;
  /** Short visible header ("Dr. Anika Patel, DO" or "Tue 24"). */
  title: string;
  /** Full name of the column for screen readers ("Tuesday, November 24, Dr. Patel"). */
  label: string;
  date: string;
  practitionerId: string | null;
  isToday: boolean;
}

interface Props {
  columns: CalendarColumn[];
  appointments: Appointment[];
  slots: Slot[];
  zone: string;
  scale: DayScale;
  /** Appends the practitioner to block labels (the whole clinic in one column per day). */
  practitionerLabel: (id: string) => string;
  showPractitioner: boolean;
  now: number;
  onOpen: (a: Appointment) => void;
  onPickSlot: (s: Slot) => void;
}

function hourLabel(h: number): string {
  if (h === 0 || h === 24) return '12 AM';
  if (h === 12) return '12 PM';
  return h < 12 ? `${h} AM` : `${h - 12} PM`;
}

/** Visible words for a block, as many lines as fit; the status is in the first line unless it is "Booked". */
function blockLines(a: Appointment, zone: string, height: number, showPractitioner: boolean, who: string) {
  const name = a.patientName ?? 'Patient';
  const type = a.appointmentTypeName ?? a.appointmentType ?? '';
  const lines = [
    {
      cls: 'cal-appt__who',
      text: visitStatusText(a) === 'Booked' ? name : `${name} (${visitStatusText(a)})`,
    },
    { cls: '', text: timeRange(a.start, a.end, zone) },
    { cls: '', text: showPractitioner ? `${who} · ${type}` : `${type} · ${visitStatusText(a)}` },
  ];
  const fit = Math.max(1, Math.floor((height - 3) / 14.4));
  return lines.slice(0, fit);
}

/**
 * The block's accessible name: its visible lines first, in order (WCAG 2.5.3, label in name), then
 * whatever the block is too short to show.
 */
function blockName(
  a: Appointment,
  zone: string,
  height: number,
  showPractitioner: boolean,
  who: string,
  late: string,
): string {
  const shown = blockLines(a, zone, height, showPractitioner, who).map((l) => l.text);
  const all = [
    timeRange(a.start, a.end, zone),
    a.patientName ?? 'patient',
    a.appointmentTypeName ?? a.appointmentType ?? 'visit',
    `${visitStatusText(a)}${late}`,
    `with ${who}`,
  ];
  const text = shown.join(', ');
  return [text, ...all.filter((part) => !text.includes(part))].join(', ');
}

/**
 * Day columns with appointments and free slots placed by wall-clock time in the clinic's zone.
 * Blocks are buttons in time order (so Tab walks the day from morning to evening); each names
 * everything it shows, and its status is written out, never only coloured.
 */
export function CalendarGrid({
  columns,
  appointments,
  slots,
  zone,
  scale,
  practitionerLabel,
  showPractitioner,
  now,
  onOpen,
  onPickSlot,
}: Props) {
  const hours = Array.from({ length: scale.endHour - scale.startHour + 1 }, (_, i) => scale.startHour + i);
  const height = (scale.endHour - scale.startHour) * scale.pxPerHour;
  const gridStyle = {
    gridTemplateColumns: `4rem repeat(${columns.length}, minmax(${columns.length > 3 ? 8.5 : 11}rem, 1fr))`,
    '--cal-hour': `${scale.pxPerHour}px`,
  } as CSSProperties;
  const nowIso = new Date(now).toISOString();

  return (
    <div className="cal-scroll" role="region" aria-label="Calendar" tabIndex={0}>
      <div className="cal" style={gridStyle}>
        <div className="cal-head" aria-hidden="true" />
        {columns.map((c) => (
          <div
            key={`h-${c.key}`}
            className={`cal-head${c.isToday ? ' cal-head--today' : ''}`}
            aria-hidden="true"
          >
            {c.title}
            {c.isToday ? ' · Today' : ''}
          </div>
        ))}
        <div className="cal-rail" style={{ height }} aria-hidden="true">
          {hours.slice(0, -1).map((h, i) => (
            <span key={h} className="cal-rail__hour" style={{ top: i * scale.pxPerHour + (i === 0 ? 8 : 0) }}>
              {hourLabel(h)}
            </span>
          ))}
        </div>
        {columns.map((c) => {
          const inColumn = (practitionerId: string) =>
            !c.practitionerId || practitionerId === c.practitionerId;
          const appts = appointments.filter((a) => inColumn(a.practitionerId));
          const free = slots.filter((s) => inColumn(s.practitionerId));
          const laid = assignLanes(
            appts
              .map((a) => ({ a, start: a.start, end: a.end, place: placeBlock(a, c.date, zone, scale) }))
              .filter((x) => x.place !== null),
          );
          // Free-slot buttons are one "step" tall (the spacing between offered starts), not the visit length.
          const placedFree = free
            .map((s, i) => {
              const nextStart = free.slice(i + 1).find((n) => n.practitionerId === s.practitionerId)?.start;
              const step = nextStart ? Math.min(Date.parse(nextStart), Date.parse(s.end)) : Date.parse(s.end);
              const end = new Date(Math.min(step, Date.parse(s.start) + 30 * 60_000)).toISOString();
              return {
                s,
                place: placeBlock({ start: s.start, end }, c.date, zone, { ...scale, minHeight: 18 }),
              };
            })
            .filter((x) => x.place !== null);
          type Entry =
            | { kind: 'appt'; at: number; node: (typeof laid)[number] }
            | { kind: 'free'; at: number; node: (typeof placedFree)[number] };
          const entries: Entry[] = [
            ...laid.map((node) => ({ kind: 'appt' as const, at: Date.parse(node.item.start), node })),
            ...placedFree.map((node) => ({ kind: 'free' as const, at: Date.parse(node.s.start), node })),
          ].sort((x, y) => x.at - y.at || (x.kind === 'appt' ? -1 : 1));
          const nowPlace = c.isToday ? placeBlock({ start: nowIso, end: nowIso }, c.date, zone, scale) : null;

          return (
            <div key={c.key} className="cal-col" style={{ height }} role="group" aria-label={c.label}>
              {entries.map((e) => {
                if (e.kind === 'free') {
                  const { s, place } = e.node;
                  const who = practitionerLabel(s.practitionerId);
                  return (
                    <button
                      key={`f-${s.practitionerId}-${s.start}`}
                      type="button"
                      className="cal-free"
                      style={{ top: place!.top, height: place!.height }}
                      aria-label={`${timeIn(s.start, zone)} free with ${who}: book`}
                      onClick={() => onPickSlot(s)}
                    >
                      {timeIn(s.start, zone)} free
                    </button>
                  );
                }
                const { item, lane, lanes } = e.node;
                const a = item.a;
                const place = item.place!;
                const who = practitionerLabel(a.practitionerId);
                const widthPct = 100 / lanes;
                const late = a.status === 'cancelled' && a.lateCancellation ? ' (late)' : '';
                return (
                  <button
                    key={a.id}
                    type="button"
                    data-appointment-id={a.id}
                    className={`cal-appt cal-appt--${a.status}`}
                    style={{
                      top: place.top,
                      height: Math.max(place.height - 1, 16),
                      left: `calc(${lane * widthPct}% + 2px)`,
                      width: `calc(${widthPct}% - 4px)`,
                    }}
                    aria-label={blockName(a, zone, place.height, showPractitioner, who, late)}
                    title={`${timeRange(a.start, a.end, zone)} · ${a.patientName ?? ''} · ${
                      a.appointmentTypeName ?? ''
                    } · ${visitStatusText(a)}${late} · ${who}`}
                    onClick={() => onOpen(a)}
                  >
                    {blockLines(a, zone, place.height, showPractitioner, who).map((l, i) => (
                      // The space keeps the lines apart as words in the accessible name's comparison.
                      <span key={i} className={`cal-appt__line ${l.cls}`}>
                        {l.text}{' '}
                      </span>
                    ))}
                  </button>
                );
              })}
              {nowPlace ? <div className="cal-now" style={{ top: nowPlace.top }} aria-hidden="true" /> : null}
            </div>
          );
        })}
      </div>
    </div>
  );
}
