import { describe, expect, it } from 'vitest';
import { decideMatch, normaliseText, type CandidateRecord } from './matching.ts';

const who = {
  givenName: ' Ada ',
  familyName: 'LOVELACE',
  birthDate: '1980-01-02',
  email: 'Ada@Example.org ',
};
const rec = (over: Partial<CandidateRecord> = {}): CandidateRecord => ({
  id: 'p1',
  givenName: 'Ada',
  familyName: 'Lovelace',
  birthDate: '1980-01-02',
  email: 'ada@example.org',
  hasAccount: false,
  ...over,
});
const off = { approvalRequired: false };

describe('sign-up matching', () => {
  it('normalises case and whitespace only', () => {
    expect(normaliseText('  Mary   Ann\tSMITH ')).toBe('mary ann smith');
    expect(normaliseText('Zoë')).toBe(normaliseText('Zoe\u0308'));
  });

  it('links exactly one exact match, ignoring case and spaces', () => {
    expect(decideMatch(who, [rec()], off)).toMatchObject({ kind: 'link', patientId: 'p1' });
  });

  it('creates a record when nothing shares two of name, birth date and email', () => {
    const d = decideMatch(who, [rec({ birthDate: '1990-01-01', email: 'x@y.org' })], off);
    expect(d).toEqual({ kind: 'create', candidates: [] });
  });

  it('never links a partial match: same name and birth date, another email', () => {
    const d = decideMatch(who, [rec({ email: 'other@example.org' })], off);
    expect(d.kind).toBe('review');
    expect(d).toMatchObject({ reason: 'partial-match', candidates: [{ id: 'p1', exact: false }] });
  });

  it('never links a record without an email on file', () => {
    expect(decideMatch(who, [rec({ email: null })], off)).toMatchObject({
      kind: 'review',
      reason: 'partial-match',
    });
  });

  it('sends two exact matches to review as ambiguous', () => {
    expect(decideMatch(who, [rec(), rec({ id: 'p2' })], off)).toMatchObject({
      kind: 'review',
      reason: 'ambiguous',
    });
  });

  it('does not link a record that already has an account', () => {
    expect(decideMatch(who, [rec({ hasAccount: true })], off)).toMatchObject({
      kind: 'review',
      reason: 'record-has-account',
    });
  });

  it('puts everything in review when the clinic requires approval', () => {
    expect(decideMatch(who, [rec()], { approvalRequired: true })).toMatchObject({
      kind: 'review',
      reason: 'approval-required',
    });
    expect(decideMatch(who, [], { approvalRequired: true })).toMatchObject({ kind: 'review' });
  });
});
