import { describe, expect, it } from 'vitest';
import {
  defaultWindow,
  effectiveEntryStatus,
  effectiveOfferStatus,
  holdLabel,
  isOpenEntry,
  lastDayOf,
  sortEntries,
  timeLeft,
  windowErrors,
  windowLabel,
} from './model';

const CHI = 'America/Chicago';
const at = (iso: string) => Date.parse(iso);

describe('hold countdown', () => {
  const expires = '2027-03-10T16:42:00Z'; // 10:42 AM in Chicago (CST)

  it('counts down in hours and minutes, then minutes, then under a minute', () => {
    expect(timeLeft(expires, at('2027-03-10T15:37:00Z'))).toBe('1 h 05 min left');
    expect(timeLeft(expires, at('2027-03-10T14:42:00Z'))).toBe('2 h 00 min left');
    expect(timeLeft(expires, at('2027-03-10T16:30:30Z'))).toBe('11 min left');
    expect(timeLeft(expires, at('2027-03-10T16:41:01Z'))).toBe('less than a minute left');
  });

  it('is expired at and after the expiry instant', () => {
    expect(timeLeft(expires, at(expires))).toBe('expired');
    expect(timeLeft(expires, at('2027-03-10T17:00:00Z'))).toBe('expired');
  });

  it('says until when the time is held in the clinic’s zone, with the date when it is another day', () => {
    expect(holdLabel(expires, at('2027-03-10T15:37:00Z'), CHI)).toBe('Held until 10:42 AM (1 h 05 min left)');
    // 11:30 PM on the 9th in Chicago: the hold ends tomorrow.
    expect(holdLabel(expires, at('2027-03-10T05:30:00Z'), CHI)).toBe(
      'Held until Wed, Mar 10 at 10:42 AM (11 h 12 min left)',
    );
    expect(holdLabel(expires, at('2027-03-10T16:50:00Z'), CHI)).toBe('Hold expired at 10:42 AM');
  });
});

describe('offer status', () => {
  it('treats a pending offer past its hold as expired, and leaves answered offers alone', () => {
    const offer = { status: 'pending' as const, expiresAt: '2027-03-10T16:42:00Z' };
    expect(effectiveOfferStatus(offer, at('2027-03-10T16:41:59Z'))).toBe('pending');
    expect(effectiveOfferStatus(offer, at('2027-03-10T16:42:00Z'))).toBe('expired');
    expect(effectiveOfferStatus({ ...offer, status: 'accepted' }, at('2027-03-11T00:00:00Z'))).toBe(
      'accepted',
    );
  });
});

describe('date windows', () => {
  // A window of March 15–26 in Chicago, as the server returns it: local midnights, `to` exclusive.
  const from = '2027-03-15T05:00:00.000Z';
  const to = '2027-03-27T05:00:00.000Z';

  it('shows the last day covered, not the exclusive end', () => {
    expect(lastDayOf(to, CHI)).toBe('2027-03-26');
    expect(windowLabel(from, to, CHI)).toBe('Mar 15 – 26, 2027');
  });

  it('spans months, years and single days', () => {
    expect(windowLabel('2027-03-29T05:00:00Z', '2027-04-03T05:00:00Z', CHI)).toBe('Mar 29 – Apr 2, 2027');
    expect(windowLabel('2027-12-30T06:00:00Z', '2028-01-03T06:00:00Z', CHI)).toBe(
      'Dec 30, 2027 – Jan 2, 2028',
    );
    expect(windowLabel(from, '2027-03-16T05:00:00Z', CHI)).toBe('Mar 15, 2027');
  });

  it('keeps whole local days across the spring-forward change (the 14th is 23 hours long)', () => {
    expect(windowLabel('2027-03-13T06:00:00Z', '2027-03-15T05:00:00Z', CHI)).toBe('Mar 13 – 14, 2027');
  });

  it('starts tomorrow for two weeks by default', () => {
    expect(defaultWindow('2027-03-10')).toEqual({ from: '2027-03-11', to: '2027-03-24' });
  });

  it('explains what to fix in a window, as the server would refuse it', () => {
    const today = '2027-03-10';
    expect(windowErrors('2027-03-11', '2027-03-24', today)).toEqual({});
    expect(windowErrors('2027-03-11', '2027-03-11', today)).toEqual({});
    expect(windowErrors('', '2027-03-24', today)).toEqual({ from: 'Enter the first day you could come.' });
    expect(windowErrors('2027-03-20', '2027-03-12', today).to).toMatch(/on or after the first day/);
    expect(windowErrors('2027-03-01', '2027-03-09', today).to).toMatch(/today or later/);
    // 92 days inclusive is the most; 93 is refused.
    expect(windowErrors('2027-03-11', '2027-06-10', today)).toEqual({});
    expect(windowErrors('2027-03-11', '2027-06-11', today).to).toMatch(/at most 92 days/);
  });
});

describe('entries', () => {
  it('puts offered, then waiting, then closed entries first, keeping the queue order within each', () => {
    const list = [
      { id: 'a', status: 'cancelled' as const },
      { id: 'b', status: 'waiting' as const },
      { id: 'c', status: 'offered' as const },
      { id: 'd', status: 'waiting' as const },
      { id: 'e', status: 'booked' as const },
    ];
    expect(sortEntries(list).map((e) => e.id)).toEqual(['c', 'b', 'd', 'e', 'a']);
  });

  it('shows an entry whose hold ran out as waiting again', () => {
    const offer = { status: 'pending' as const, expiresAt: '2027-03-10T16:42:00Z' } as never;
    expect(effectiveEntryStatus({ status: 'offered', offer }, at('2027-03-10T16:00:00Z'))).toBe('offered');
    expect(effectiveEntryStatus({ status: 'offered', offer }, at('2027-03-10T16:42:00Z'))).toBe('waiting');
    expect(effectiveEntryStatus({ status: 'offered', offer: null }, at('2027-03-10T16:00:00Z'))).toBe(
      'waiting',
    );
    expect(effectiveEntryStatus({ status: 'booked', offer: null }, at('2027-03-10T16:00:00Z'))).toBe(
      'booked',
    );
  });

  it('counts an entry open while it waits or holds an offer and its window is not over', () => {
    const now = at('2027-03-10T15:00:00Z');
    expect(isOpenEntry({ status: 'waiting', to: '2027-03-20T05:00:00Z' }, now)).toBe(true);
    expect(isOpenEntry({ status: 'offered', to: '2027-03-20T05:00:00Z' }, now)).toBe(true);
    expect(isOpenEntry({ status: 'waiting', to: '2027-03-10T05:00:00Z' }, now)).toBe(false);
    expect(isOpenEntry({ status: 'booked', to: '2027-03-20T05:00:00Z' }, now)).toBe(false);
  });
});
