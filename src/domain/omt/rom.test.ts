import { describe, expect, it } from 'vitest';
import { percentOfNormal, ROM_NORM_SETS, romNorm, sideToSideDeficit } from './rom.ts';

describe('range-of-motion norms', () => {
  it('returns the default and named norm sets of the reference', () => {
    expect(romNorm('shoulder', 'flexion')).toEqual({ low: 180, high: 180 });
    expect(romNorm('shoulder', 'external-rotation', 'shoulder-boone-azen')).toEqual({ low: 104, high: 104 });
    expect(romNorm('shoulder', 'abduction', 'shoulder-ama-guides')).toEqual({
      low: 170,
      high: 170,
      atLeast: true,
    });
    expect(romNorm('hip', 'flexion')).toEqual({ low: 110, high: 120 });
    expect(romNorm('cervical', 'rotation')).toEqual({ low: 80, high: 80 });
    expect(romNorm('cervical', 'rotation', 'cervical-exrx')).toEqual({ low: 60, high: 80 });
    expect(romNorm('lumbar', 'extension')).toEqual({ low: 15, high: 15 });
    expect(romNorm('lumbar', 'abduction')).toBeNull();
  });

  it('rejects unknown or mismatched norm sets', () => {
    expect(() => romNorm('hip', 'flexion', 'nope')).toThrow('Unknown ROM norm set');
    expect(() => romNorm('hip', 'flexion', 'shoulder-aaos')).toThrow('is for the shoulder');
  });

  it('every set cites a URL', () => {
    for (const s of ROM_NORM_SETS) expect(s.url, s.id).toMatch(/^https?:\/\//);
  });

  it('computes percent of normal to one decimal', () => {
    expect(percentOfNormal(90, { low: 180, high: 180 })).toBe(50);
    expect(percentOfNormal(60, { low: 80, high: 80 })).toBe(75);
    expect(percentOfNormal(100, { low: 110, high: 120 })).toBe(90.9);
    expect(percentOfNormal(100, { low: 110, high: 120 }, 'high')).toBe(83.3);
    expect(percentOfNormal(0, { low: 50, high: 50 })).toBe(0);
    expect(() => percentOfNormal(-5, { low: 50, high: 50 })).toThrow(RangeError);
  });

  it('computes the side-to-side deficit against the better side', () => {
    expect(sideToSideDeficit(60, 80)).toBe(25);
    expect(sideToSideDeficit(80, 80)).toBe(0);
    expect(sideToSideDeficit(0, 0)).toBe(0);
  });
});
