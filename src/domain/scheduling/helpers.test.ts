import { describe, expect, it } from 'vitest';
import {
  blockIndex,
  formatInZone,
  isValidTimeZone,
  localDate,
  mergeRanges,
  overlapsBlock,
  parseWallTime,
  resolveWallTime,
} from './index.ts';
import { PROCESS_TIME_ZONES, underProcessTimeZone } from './test-helpers.ts';

describe('blockIndex / overlapsBlock', () => {
  // A function, so each test builds the index itself (mutation testing attributes coverage per test).
  const build = () =>
    blockIndex([
      { start: 50, end: 60 },
      { start: 10, end: 20 },
      { start: 15, end: 30 },
      { start: 30, end: 35 },
      { start: 70, end: 70 }, // empty: ignored
    ]);

  it('sorts and merges overlapping or touching ranges', () => {
    expect(build()).toEqual({ starts: [10, 50], ends: [35, 60] });
  });

  it('treats ranges as half-open: touching is not overlapping', () => {
    const index = build();
    expect(overlapsBlock(index, 0, 10)).toBe(false);
    expect(overlapsBlock(index, 0, 11)).toBe(true);
    expect(overlapsBlock(index, 34, 36)).toBe(true);
    expect(overlapsBlock(index, 35, 50)).toBe(false);
    expect(overlapsBlock(index, 40, 45)).toBe(false);
    expect(overlapsBlock(index, 40, 100)).toBe(true);
    expect(overlapsBlock(index, 60, 100)).toBe(false);
    expect(overlapsBlock(blockIndex([]), 0, 100)).toBe(false);
  });
});

describe('wall-clock helpers', () => {
  it('parses HH:mm including the end of the day', () => {
    expect(parseWallTime('00:00')).toBe(0);
    expect(parseWallTime('09:45')).toBe(585);
    expect(parseWallTime('24:00')).toBe(1440);
    expect(() => parseWallTime('24:30')).toThrow(RangeError);
    expect(() => parseWallTime('7:30')).toThrow(RangeError);
  });

  it('merges wall-clock ranges', () => {
    expect(
      mergeRanges([
        { start: 600, end: 720 },
        { start: 540, end: 600 },
        { start: 800, end: 900 },
      ]),
    ).toEqual([
      { start: 540, end: 720 },
      { start: 800, end: 900 },
    ]);
  });

  it('validates zone names', () => {
    expect(isValidTimeZone('Australia/Lord_Howe')).toBe(true);
    expect(isValidTimeZone('Europe/Atlantis')).toBe(false);
  });
});

describe.each(PROCESS_TIME_ZONES)('zone helpers with process TZ=%s', (processZone, julyOffset) => {
  underProcessTimeZone(processZone, julyOffset);
  const instant = new Date('2027-03-14T04:30:00Z');

  it('reads the date and time in the given zone, never the process zone', () => {
    expect(localDate(instant, 'America/New_York')).toBe('2027-03-13');
    expect(localDate(instant, 'Asia/Kathmandu')).toBe('2027-03-14');
    expect(formatInZone(instant, 'America/New_York')).toBe('2027-03-13T23:30-05:00');
    expect(formatInZone(instant, 'Asia/Kathmandu')).toBe('2027-03-14T10:15+05:45');
    expect(formatInZone(instant, 'Australia/Lord_Howe', 'HH:mm ZZ')).toBe('15:30 +11:00');
  });

  it('places wall-clock times: normal, skipped (the transition) and repeated (first occurrence)', () => {
    expect(resolveWallTime('2027-03-14', 9 * 60, 'America/New_York')).toEqual({
      ms: Date.parse('2027-03-14T13:00:00Z'),
      offset: -240,
      exists: true,
    });
    expect(resolveWallTime('2027-03-14', 2 * 60 + 30, 'America/New_York')).toEqual({
      ms: Date.parse('2027-03-14T07:00:00Z'),
      offset: -240,
      exists: false,
    });
    expect(resolveWallTime('2027-11-07', 90, 'America/New_York')).toEqual({
      ms: Date.parse('2027-11-07T05:30:00Z'),
      offset: -240,
      exists: true,
    });
    expect(resolveWallTime('2027-10-03', 2 * 60 + 15, 'Australia/Lord_Howe')).toMatchObject({
      ms: Date.parse('2027-10-02T15:30:00Z'),
      exists: false,
    });
    expect(resolveWallTime('2027-04-04', 105, 'Australia/Lord_Howe').ms).toBe(
      Date.parse('2027-04-03T14:45:00Z'),
    );
    expect(resolveWallTime('2027-05-03', 1440, 'America/New_York').ms).toBe(
      Date.parse('2027-05-04T04:00:00Z'),
    );
  });
});
