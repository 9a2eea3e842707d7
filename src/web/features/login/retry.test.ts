import { describe, expect, it } from 'vitest';
import { cleanOtp, formatWait } from './retry';

describe('formatWait', () => {
  it('says how long to wait in words', () => {
    expect(formatWait(1)).toBe('1 second');
    expect(formatWait(45)).toBe('45 seconds');
    expect(formatWait(60)).toBe('1 minute');
    expect(formatWait(125)).toBe('2 minutes 5 seconds');
    expect(formatWait(900)).toBe('15 minutes');
    expect(formatWait(3601)).toBe('2 hours');
    expect(formatWait(-3)).toBe('0 seconds');
  });
});

describe('cleanOtp', () => {
  it('keeps at most six digits from a pasted code', () => {
    expect(cleanOtp('123 456')).toBe('123456');
    expect(cleanOtp(' 12-34-56-78 ')).toBe('123456');
    expect(cleanOtp('abc')).toBe('');
  });
});
