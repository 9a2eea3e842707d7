import { describe, expect, it } from 'vitest';
import {
  addDays,
  assignLanes,
  dayRange,
  groupByDay,
  localEcho,
  placeBlock,
  startOfWeek,
  stripDays,
  timeIn,
  timeRange,
  todayIn,
  visibleHours,
  wallMinutes,
  weekLabel,
  zoneLabel,
  zoneName,
} from './time';

const CHI = 'America/Chicago';

describe('week strip days', () => {
  it('gives seven consecutive local days across the spring-forward change (23-hour day)', () => {
    const days = stripDays('2027-03-11', CHI);
    expect(days.map((d) => d.date)).toEqual([
      '2027-03-11',
      '2027-03-12',
      '2027-03-13',
      '2027-03-14',
      '2027-03-15',
      '2027-03-16',
      '2027-03-17',
    ]);
    const dst = days[3]!;
    expect(dst.weekday).toBe('Sun');
    expect(dst.hours).toBe(23);
    expect(dst.start).toBe('2027-03-14T00:00:00.000-06:00');
    expect(dst.end).toBe('2027-03-15T00:00:00.000-05:00');
    expect(days[4]!.hours).toBe(24);
    // Each day ends where the next starts: no gap, no overlap.
    for (let i = 1; i < days.length; i++)
      expect(Date.parse(days[i]!.start)).toBe(Date.parse(days[i - 1]!.end));
  });

  it('gives a 25-hour day when the clocks fall back', () => {
    const days = stripDays('2026-11-01', CHI, 2);
    expect(days[0]!.hours).toBe(25);
    expect(days[0]!.label).toBe('Sunday, November 1');
    expect(days[1]!.date).toBe('2026-11-02');
  });

  it('finds "today" in the clinic zone, not UTC', () => {
    // 03:30 UTC on the 23rd is still the evening of the 22nd in Chicago.
    expect(todayIn(CHI, new Date('2026-11-23T03:30:00Z'))).toBe('2026-11-22');
    expect(addDays('2027-03-13', 2)).toBe('2027-03-15');
    expect(startOfWeek('2026-11-22')).toBe('2026-11-16');
  });

  it('groups slots by their local day', () => {
    const slots = [
      { start: '2026-11-24T05:30:00Z' }, // 23:30 on the 23rd in Chicago
      { start: '2026-11-24T15:00:00Z' },
      { start: '2026-11-24T15:15:00Z' },
    ];
    const map = groupByDay(slots, CHI);
    expect([...map.keys()]).toEqual(['2026-11-23', '2026-11-24']);
    expect(map.get('2026-11-24')).toHaveLength(2);
  });
});

describe('block placement', () => {
  const scale = { startHour: 8, endHour: 18, pxPerHour: 60 };

  it('places a block by wall-clock time in the zone', () => {
    // 10:30–11:00 CST
    expect(
      placeBlock({ start: '2026-11-24T16:30:00Z', end: '2026-11-24T17:00:00Z' }, '2026-11-24', CHI, scale),
    ).toEqual({ top: 150, height: 30 });
  });

  it('puts 9:00 at the same height on the DST day as on any other day', () => {
    const normal = placeBlock(
      { start: '2027-03-13T15:00:00Z', end: '2027-03-13T16:00:00Z' }, // 9:00 CST
      '2027-03-13',
      CHI,
      scale,
    );
    const dst = placeBlock(
      { start: '2027-03-14T14:00:00Z', end: '2027-03-14T15:00:00Z' }, // 9:00 CDT
      '2027-03-14',
      CHI,
      scale,
    );
    expect(normal).toEqual({ top: 60, height: 60 });
    expect(dst).toEqual(normal);
    expect(wallMinutes('2027-03-14T14:00:00Z', '2027-03-14', CHI)).toBe(540);
  });

  it('clips to the visible hours, drops other days, and keeps a minimum height', () => {
    expect(
      placeBlock({ start: '2026-11-24T13:00:00Z', end: '2026-11-24T14:30:00Z' }, '2026-11-24', CHI, scale),
    ).toEqual({ top: 0, height: 30 }); // 7:00–8:30 shows from 8:00
    expect(
      placeBlock({ start: '2026-11-25T16:00:00Z', end: '2026-11-25T17:00:00Z' }, '2026-11-24', CHI, scale),
    ).toBeNull();
    expect(
      placeBlock({ start: '2026-11-24T02:00:00Z', end: '2026-11-24T03:00:00Z' }, '2026-11-24', CHI, scale),
    ).toBeNull(); // the evening before, in Chicago
    expect(
      placeBlock({ start: '2026-11-24T16:00:00Z', end: '2026-11-24T16:05:00Z' }, '2026-11-24', CHI, {
        ...scale,
        minHeight: 20,
      }),
    ).toEqual({ top: 120, height: 20 });
  });

  it('widens the visible hours to cover early and late items', () => {
    const items = [{ start: '2026-11-24T13:30:00Z', end: '2026-11-24T14:00:00Z' }]; // 7:30 CST
    expect(visibleHours(items, ['2026-11-24'], CHI)).toEqual({ startHour: 7, endHour: 18 });
    expect(visibleHours(items, ['2026-11-25'], CHI)).toEqual({ startHour: 8, endHour: 18 });
  });

  it('lays overlapping blocks side by side', () => {
    const a = { id: 'a', start: '2026-11-24T15:00:00Z', end: '2026-11-24T16:00:00Z' };
    const b = { id: 'b', start: '2026-11-24T15:30:00Z', end: '2026-11-24T16:00:00Z' };
    const c = { id: 'c', start: '2026-11-24T16:00:00Z', end: '2026-11-24T16:30:00Z' };
    const laid = assignLanes([c, b, a]);
    const byId = Object.fromEntries(laid.map((l) => [l.item.id, [l.lane, l.lanes]]));
    expect(byId).toEqual({ a: [0, 2], b: [1, 2], c: [0, 1] });
  });
});

describe('time-zone labels', () => {
  it('names the zone in words with its id', () => {
    expect(zoneName(CHI)).toBe('Central Time');
    expect(zoneLabel(CHI)).toBe('Central Time (America/Chicago)');
    expect(zoneLabel('America/Los_Angeles')).toBe('Pacific Time (America/Los_Angeles)');
    expect(zoneLabel('Not/AZone')).toBe('Not/AZone');
  });

  it('echoes the viewer’s own time only when it differs', () => {
    const at = '2026-11-24T15:00:00Z'; // 9:00 AM in Chicago
    expect(timeIn(at, CHI)).toBe('9:00 AM');
    expect(localEcho(at, CHI, CHI)).toBeNull();
    expect(localEcho(at, CHI, 'America/Winnipeg')).toBeNull(); // same offset, other id
    expect(localEcho(at, CHI, 'America/Los_Angeles')).toBe('7:00 AM your time');
    expect(localEcho('2026-11-24T23:30:00Z', CHI, 'Asia/Tokyo')).toBe('8:30 AM Wed your time');
  });

  it('formats ranges and weeks compactly', () => {
    expect(timeRange('2026-11-24T15:00:00Z', '2026-11-24T15:30:00Z', CHI)).toBe('9:00–9:30 AM');
    expect(timeRange('2026-11-24T17:30:00Z', '2026-11-24T18:30:00Z', CHI)).toBe('11:30 AM–12:30 PM');
    expect(weekLabel('2026-11-23')).toBe('Nov 23 – 29, 2026');
    expect(weekLabel('2026-11-30')).toBe('Nov 30 – Dec 6, 2026');
    expect(weekLabel('2026-12-28')).toBe('Dec 28, 2026 – Jan 3, 2027');
    expect(dayRange('2026-11-24', CHI)).toEqual({
      start: '2026-11-24T00:00:00.000-06:00',
      end: '2026-11-25T00:00:00.000-06:00',
    });
  });
});
