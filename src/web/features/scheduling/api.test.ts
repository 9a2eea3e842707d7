import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import {
  durationLabel,
  isRetryable,
  isSlotGone,
  newIdempotencyKey,
  priceLabel,
  problemSlug,
  shortName,
} from './api';

const problem = (status: number, type: string, extra: Record<string, unknown> = {}) =>
  new ApiError(status, { type: `https://stillpoint.example/problems/${type}`, ...extra });

describe('booking problems', () => {
  it('tells a taken time from the other 409s', () => {
    expect(isSlotGone(problem(409, 'slot-unavailable', { reason: 'conflict' }))).toBe(true);
    expect(isSlotGone(problem(409, 'slot-unavailable', { reason: 'too-soon' }))).toBe(true);
    expect(isSlotGone(problem(409, 'booking-limit'))).toBe(false);
    expect(isSlotGone(problem(409, 'new-patient-only'))).toBe(false);
    expect(isSlotGone(problem(400, 'validation'))).toBe(false);
    expect(problemSlug(problem(409, 'booking-limit'))).toBe('booking-limit');
  });

  it('retries only transient failures (with the same Idempotency-Key)', () => {
    expect(isRetryable(new ApiError(0, {}))).toBe(true);
    expect(isRetryable(new ApiError(503, {}))).toBe(true);
    expect(isRetryable(problem(409, 'slot-unavailable'))).toBe(false);
    const a = newIdempotencyKey();
    expect(a).toMatch(/^[\w.:-]{8,128}$/);
    expect(newIdempotencyKey()).not.toBe(a);
  });
});

describe('labels', () => {
  it('shows durations, self-pay prices and short names', () => {
    expect(durationLabel(30)).toBe('30 min');
    expect(durationLabel(60)).toBe('1 h');
    expect(durationLabel(90)).toBe('1 h 30 min');
    expect(priceLabel({ selfPayPrice: { amount: 95, currency: 'USD' } })).toBe('$95 self-pay');
    expect(priceLabel({ selfPayPrice: { amount: 72.5, currency: 'USD' } })).toBe('$72.50 self-pay');
    expect(priceLabel({ selfPayPrice: { amount: 0, currency: 'USD' } })).toBe('No charge');
    expect(priceLabel({ selfPayPrice: null })).toBeNull();
    expect(shortName('Dr. Anika Patel, DO')).toBe('Dr. Patel');
    expect(shortName('Sam Rivera')).toBe('Sam Rivera');
  });
});
