import { describe, expect, it } from 'vitest';
import { actorDetail, actorName, filtersFrom, recordKind, sortFrom } from './auditModel';

describe('audit report model', () => {
  it('names record kinds in words', () => {
    expect(recordKind('Encounter')).toBe('Visit');
    expect(recordKind('Patient')).toBe('Patient record');
    expect(recordKind('BreakGlassGrant')).toBe('Break glass grant');
    expect(recordKind(null)).toBe('Record');
  });

  it('names who acted: the current name, else the address used, else nobody', () => {
    const base = { userId: 'u1', userEmail: 'a@example.com', userName: 'Ada', role: 'clinician' as const };
    expect(actorName(base)).toBe('Ada');
    expect(actorDetail(base)).toBe('Clinician · a@example.com');
    expect(actorName({ ...base, userName: null })).toBe('a@example.com');
    expect(actorDetail({ ...base, userName: null })).toBe('Clinician');
    expect(actorName({ userId: null, userEmail: null, userName: null })).toBe('Not signed in');
    expect(actorName({ userId: 'gone', userEmail: null, userName: null })).toBe('Unknown user');
  });

  it('reads filters and sort from the address bar, with defaults for anything unknown', () => {
    const params = new URLSearchParams('patientId=p1&from=2027-03-01&sort=userId&order=sideways');
    expect(filtersFrom(params)).toEqual({
      patientId: 'p1',
      userId: '',
      action: '',
      outcome: '',
      emergency: '',
      from: '2027-03-01',
      to: '',
    });
    expect(sortFrom(params)).toEqual({ sort: 'at', order: 'desc' });
    expect(sortFrom(new URLSearchParams('sort=action'))).toEqual({ sort: 'action', order: 'asc' });
    expect(sortFrom(new URLSearchParams('sort=outcome&order=desc'))).toEqual({
      sort: 'outcome',
      order: 'desc',
    });
  });
});
