import { describe, expect, it } from 'vitest';
import { blockIndex, overlapsBlock } from './blocked.ts';

// Fixtures are built inside each test (not in the describe body) so that mutation testing's
// per-test coverage sees these tests run the code.
describe('blockIndex', () => {
  it('drops empty and inverted ranges', () => {
    expect(
      blockIndex([
        { start: 40, end: 40 },
        { start: 10, end: 20 },
        { start: 90, end: 80 },
      ]),
    ).toEqual({ starts: [10], ends: [20] });
    expect(blockIndex([{ start: 5, end: 5 }])).toEqual({ starts: [], ends: [] });
  });

  it('merges the second range into the first when they overlap', () => {
    expect(
      blockIndex([
        { start: 15, end: 30 },
        { start: 10, end: 20 },
      ]),
    ).toEqual({ starts: [10], ends: [30] });
  });

  it('merges touching ranges and keeps the later end of a range nested in another', () => {
    expect(
      blockIndex([
        { start: 20, end: 30 },
        { start: 10, end: 20 },
        { start: 12, end: 14 },
        { start: 31, end: 40 },
      ]),
    ).toEqual({ starts: [10, 31], ends: [30, 40] });
  });
});

describe('overlapsBlock', () => {
  it('answers past the last range and on an empty index', () => {
    const index = blockIndex([
      { start: 10, end: 20 },
      { start: 30, end: 40 },
    ]);
    expect(overlapsBlock(index, 40, 50)).toBe(false);
    expect(overlapsBlock(index, 39, 50)).toBe(true);
    expect(overlapsBlock(index, 20, 30)).toBe(false);
    expect(overlapsBlock(index, 19, 31)).toBe(true);
    expect(overlapsBlock(blockIndex([]), 0, 100)).toBe(false);
  });
});
