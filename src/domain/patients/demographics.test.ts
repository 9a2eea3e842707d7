import { describe, expect, it } from 'vitest';
import { editDistance, foldName, formatPhone, namesLookAlike, normalisePhone } from './demographics.ts';

describe('name matching for the duplicate check', () => {
  it('folds accents, case and punctuation', () => {
    expect(foldName('  Zoë  O’Brien-Smith ')).toBe('zoe obrien smith');
    expect(foldName('JOSÉ')).toBe('jose');
  });

  it('counts edits', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  const n = (givenName: string, familyName: string) => ({ givenName, familyName });
  it('matches the same person written differently', () => {
    expect(namesLookAlike(n('Dorothy', 'Whitfield'), n('dorothy', 'WHITFIELD'))).toBe(true);
    expect(namesLookAlike(n('José', 'Núñez'), n('Jose', 'Nunez'))).toBe(true);
    expect(namesLookAlike(n('Dorothy', 'Whitfield'), n('Whitfield', 'Dorothy'))).toBe(true);
    expect(namesLookAlike(n('Dorothy', 'Whitfield'), n('Dorothy', 'Whitfeild'))).toBe(true);
    expect(namesLookAlike(n('Robert', 'Kowalski'), n('Rob', 'Kowalski'))).toBe(true);
    expect(namesLookAlike(n('Mary Ann', 'Lee'), n('Mary', 'Ann Lee'))).toBe(true);
    expect(namesLookAlike(n('Siobhan', "O'Neill"), n('Siobhan', 'ONeill'))).toBe(true);
  });

  it('does not match different people', () => {
    expect(namesLookAlike(n('Dorothy', 'Whitfield'), n('Daniel', 'Whitfield'))).toBe(false);
    expect(namesLookAlike(n('Ann', 'Lee'), n('Amy', 'Lee'))).toBe(false);
    expect(namesLookAlike(n('Dorothy', 'Whitfield'), n('Dorothy', 'Kowalski'))).toBe(false);
  });
});

describe('phone numbers', () => {
  it('normalises to E.164 and formats for reading', () => {
    expect(normalisePhone('(660) 555-0142')).toBe('+16605550142');
    expect(normalisePhone('+44 20 7946 0958')).toBe('+442079460958');
    expect(normalisePhone('555-0142')).toBeNull();
    expect(normalisePhone('660 555 0142 ext')).toBeNull();
    expect(formatPhone('+16605550142')).toBe('(660) 555-0142');
    expect(formatPhone('+442079460958')).toBe('+44 20 7946 0958');
    expect(formatPhone('+1 555 0101')).toBe('+1 555 0101');
  });
});
