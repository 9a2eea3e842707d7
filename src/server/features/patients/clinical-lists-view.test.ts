import { describe, expect, it } from 'vitest';
import { listStatusView } from './clinical-lists-view.ts';
import type { ListStatusRow } from './clinical-lists-store.ts';

const by = { id: 'u1', name: 'Dr. A' };
const row = (list: 'allergies' | 'medications', status: string): ListStatusRow => ({
  list,
  status,
  recordedAt: '2026-12-01T10:00:00+00:00',
  recordedBy: by,
});

describe('listStatusView', () => {
  it('is "not asked" without any stored answer, whatever the list', () => {
    expect(listStatusView('allergies', [], 0)).toEqual({
      status: 'unknown',
      recordedAt: null,
      recordedBy: null,
    });
    expect(listStatusView('medications', [row('allergies', 'none-known')], 0).status).toBe('unknown');
  });

  it('gives "no known allergies" its SNOMED CT coding, with who and when', () => {
    expect(listStatusView('allergies', [row('allergies', 'none-known')], 0)).toEqual({
      status: 'none-known',
      recordedAt: '2026-12-01T10:00:00.000Z',
      recordedBy: by,
      code: { system: 'http://snomed.info/sct', code: '716186003', display: 'No known allergy' },
    });
    expect(listStatusView('medications', [row('medications', 'none')], 0)).toEqual({
      status: 'none',
      recordedAt: '2026-12-01T10:00:00.000Z',
      recordedBy: by,
    });
  });

  it('lets listed items win over a stale "none", without claiming who recorded the list', () => {
    expect(listStatusView('allergies', [row('allergies', 'none-known')], 2)).toEqual({
      status: 'recorded',
      recordedAt: null,
      recordedBy: null,
    });
  });

  it('treats a stored "recorded" on an empty list as not asked', () => {
    expect(listStatusView('medications', [row('medications', 'recorded')], 0).status).toBe('unknown');
  });
});
