import { describe, expect, it } from 'vitest';
import { addressLines, addressOneLine } from './address.ts';

describe('postal address', () => {
  it('writes the state when there is one', () => {
    const a = { line: '800 W Jefferson St', city: 'Kirksville', state: 'MO', postalCode: '63501' };
    expect(addressLines(a)).toEqual(['800 W Jefferson St', 'Kirksville, MO 63501']);
    expect(addressOneLine(a)).toBe('800 W Jefferson St, Kirksville, MO 63501');
    expect(addressOneLine({ line: '1 Main St', city: 'Springfield', postalCode: '62701' })).toBe(
      '1 Main St, Springfield 62701',
    );
  });
});
