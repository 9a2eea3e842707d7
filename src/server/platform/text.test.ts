import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_DEPTH, MAX_PROBLEMS, acceptText, checkText, cleanText, textProblem } from './text.ts';
import { HttpError } from './errors.ts';

/** Independent oracle: lone surrogates, and controls other than tab/LF/CR (C0, DEL, C1). */
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex -- the oracle is about control characters
const CONTROL = new RegExp('[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]');
const bad = (s: string) => LONE.test(s) || CONTROL.test(s);

/** Any UTF-16 code unit, lone surrogates and controls included. */
const anyUnits = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  maxLength: 12,
});
/** A refused character. */
const refused = fc.oneof(
  fc.integer({ min: 0x00, max: 0x08 }),
  fc.constantFrom(0x0b, 0x0c),
  fc.integer({ min: 0x0e, max: 0x1f }),
  fc.integer({ min: 0x7f, max: 0x9f }),
  fc.integer({ min: 0xd800, max: 0xdfff }),
);

describe('checkText', () => {
  it('names each refused character and what to do', () => {
    expect(textProblem('Ada\u0000')).toBe('contains a NUL character (U+0000): remove it.');
    expect(textProblem('x\u001b[31m')).toMatch(/^contains the control character U\+001B: remove it/);
    expect(textProblem('x\u007f')).toMatch(/U\+007F/);
    expect(textProblem('x\u0085')).toMatch(/U\+0085/);
    expect(textProblem('\ud800x')).toMatch(/^contains an unpaired surrogate \(U\+D800\)/);
    expect(textProblem('x\udc00')).toMatch(/unpaired surrogate \(U\+DC00\)/);
    expect(textProblem('\udc00\ud800')).toMatch(/U\+DC00/);
  });

  it('lets tab, line breaks, emoji, accents and other scripts through', () => {
    for (const s of ['a\tb', 'line1\nline2\r\n', '😀 🇺🇸', 'Zoë Ærøskøbing', 'Łódź', '東京', 'e\u0301', ''])
      expect(textProblem(s), JSON.stringify(s)).toBeNull();
  });

  it('agrees with an independent oracle on any sequence of UTF-16 code units', () => {
    fc.assert(
      fc.property(anyUnits, (s) => {
        expect(textProblem(s) !== null).toBe(bad(s));
      }),
      { numRuns: 3000 },
    );
  });

  it('finds a refused character wherever it is inserted into clean text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), refused, fc.nat(), (text, code, at) => {
        fc.pre(!bad(text));
        const i = at % (text.length + 1);
        // A low surrogate right after a high one would pair with it: put it at the start instead.
        const s =
          code >= 0xdc00 && code <= 0xdfff
            ? String.fromCharCode(code) + text
            : text.slice(0, i) + String.fromCharCode(code) + text.slice(i);
        fc.pre(bad(s));
        expect(textProblem(s)).not.toBeNull();
      }),
      { numRuns: 2000 },
    );
  });

  it('walks objects, arrays and keys, naming each field by its path', () => {
    const problems = checkText({
      givenName: 'Ada',
      address: { line1: 'Main St\u0000', city: 'Kirksville' },
      careTeam: ['ok', 'bad\ud800'],
      conditions: [{ display: 'ok' }, { display: 'x\u009b2J' }],
      ['ke\u001by']: 'value',
      count: 3,
      flag: null,
    });
    expect(problems.map((p) => p.path)).toEqual([
      'address/line1',
      'careTeam/1',
      'conditions/1/display',
      'ke\\u001by',
    ]);
    expect(problems[3]!.message).toMatch(/^the field name contains the control character U\+001B/);
    expect(checkText('x\u0000', 'query')).toEqual([
      { path: 'query', message: 'contains a NUL character (U+0000): remove it.' },
    ]);
    expect(checkText({ q: ['a', 'b\u0000'] }, 'query')[0]!.path).toBe('query/q/1');
  });

  it('finds a refused string anywhere in any JSON value', () => {
    const hostile = fc.constantFrom('\u0000', '\ud800', '\udfff', '\u001b[2J', '\u0085', '\u007f');
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), hostile, fc.nat(), (json, h, pick) => {
        // Replace one (reachable) spot: a new key at the root, or inside the first container found.
        const holder: Record<string, unknown> = { wrapper: json };
        const paths: string[][] = [];
        const collect = (v: unknown, p: string[]) => {
          if (v && typeof v === 'object')
            for (const [k, item] of Object.entries(v)) {
              paths.push([...p, k]);
              collect(item, [...p, k]);
            }
        };
        collect(holder, []);
        fc.pre(paths.every((p) => p.every((k) => !bad(k))) && checkText(holder).length === 0);
        const target = paths[pick % paths.length]!;
        let parent: Record<string, unknown> = holder;
        for (const k of target.slice(0, -1)) parent = parent[k] as Record<string, unknown>;
        parent[target.at(-1)!] = `x${h}`;
        const found = checkText(holder);
        expect(found.map((p) => p.path)).toEqual([target.join('/')]);
      }),
      { numRuns: 500 },
    );
  });

  it(`refuses nesting deeper than ${MAX_DEPTH} levels and reports at most ${MAX_PROBLEMS} problems`, () => {
    const nest = (n: number): unknown => (n === 0 ? 'leaf' : [nest(n - 1)]);
    expect(checkText(nest(MAX_DEPTH))).toEqual([]);
    const deep = checkText(nest(MAX_DEPTH + 1));
    expect(deep).toHaveLength(1);
    expect(deep[0]!.message).toBe(`is nested more than ${MAX_DEPTH} levels deep: send a flatter value.`);
    expect(deep[0]!.path).toBe(Array(MAX_DEPTH).fill('0').join('/'));
    // A very deep value is refused without walking (or overflowing the stack on) all of it.
    expect(checkText(nest(5000))).toHaveLength(1);
    expect(checkText(Array(100).fill('\u0000'))).toHaveLength(MAX_PROBLEMS);
  });
});

describe('cleanText', () => {
  it('normalises every string and key to NFC and keeps everything else', () => {
    const decomposed = 'Zoe\u0308 Lo\u0301pez';
    const out = cleanText({ name: decomposed, ['cafe\u0301']: [decomposed, 1, true, null], n: 2 });
    expect(out).toEqual({ name: 'Zoë López', ['café']: ['Zoë López', 1, true, null], n: 2 });
    expect(out.name).toHaveLength(9);
  });

  it('keeps a `__proto__` key a key', () => {
    const input = JSON.parse('{"__proto__": {"admin": true}, "a": "b"}') as Record<string, unknown>;
    const out = cleanText(input);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect((out as { admin?: boolean }).admin).toBeUndefined();
    expect(Object.keys(out)).toEqual(['__proto__', 'a']);
  });

  it('is idempotent and equals String.normalize on any clean string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const once = cleanText({ s });
        expect(once.s).toBe(s.normalize('NFC'));
        expect(cleanText(once)).toEqual(once);
      }),
    );
  });
});

describe('acceptText', () => {
  it('throws the usual 400 problem naming every field, or returns the normalised value', () => {
    expect(acceptText({ a: 'e\u0301' })).toEqual({ a: 'é' });
    try {
      acceptText({ a: 'x\u0000', b: ['\ud800'] });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(HttpError);
      const e = err as HttpError;
      expect(e.status).toBe(400);
      expect(e.opts.type).toBe('https://stillpoint.dev/problems/validation');
      expect(e.detail).toBe('a: contains a NUL character (U+0000): remove it. (and 1 more field)');
      expect(e.opts.errors!.map((f) => f.path)).toEqual(['a', 'b/0']);
    }
  });
});
