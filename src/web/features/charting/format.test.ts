import { describe, expect, it } from 'vitest';
import { cptLabel, painChange } from './format';

describe('visit list cells', () => {
  it('shows the CPT the server derived, with the regions counted', () => {
    expect(cptLabel({ cpt: '98926', regionCount: 4, icd10: ['M99.01', 'M99.03'] })).toBe('98926 (4)');
    expect(cptLabel({ cpt: null, regionCount: 0, icd10: ['M99.03'] })).toBe('—');
    // Front desk and patients get no coding at all.
    expect(cptLabel(undefined)).toBe('—');
  });

  it('shows pain before and after', () => {
    expect(painChange(6, 3)).toBe('6 → 3');
    expect(painChange(6, null)).toBe('6 → —');
    expect(painChange(null, undefined)).toBe('—');
  });
});
