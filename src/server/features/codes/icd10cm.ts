/**
 * The ICD-10-CM code set as a lookup: pure logic over a table handed in (the loader reads the
 * shipped file). Existence, billable code versus header (category), a header's billable codes,
 * the message a person sees for a code that cannot be recorded, and search by code or words.
 */

/** The code set release shipped in codesets/icd10cm (see its README for the yearly update). */
export const ICD10CM_VERSION = 'FY2026';

export interface Icd10Code {
  /** With the dot, as printed: `M54.50`. */
  code: string;
  /** Valid on a claim (HIPAA); false for a header (category) that has more specific codes. */
  billable: boolean;
  /** The official long description. */
  description: string;
}

export type CodeCheck =
  { ok: true; entry: Icd10Code } | { ok: false; reason: 'unknown' | 'category'; message: string };

export interface Icd10CodeSet {
  readonly version: string;
  readonly size: number;
  lookup(code: string): Icd10Code | undefined;
  /** The billable codes under a header (its own entry excluded), in the official order. */
  billableDescendants(code: string): Icd10Code[];
  /** Whether a code can be recorded as a diagnosis, and if not, what to use instead. */
  check(code: string): CodeCheck;
  search(query: string, limit: number): Icd10Code[];
}

/** How many billable codes a header may have for the message to name them all. */
const LIST_AT_MOST = 5;

/** Room for the row number in a search ranking key (the set holds about 98,000 codes). */
const ORDER_SLOTS = 1_000_000;

/** `m54.50`, `M5450`, ` M54.50 ` → `M5450`: the form codes are compared in. */
export function codeKey(code: string): string {
  return code.trim().toUpperCase().replace('.', '');
}

/** `M5450` → `M54.50`. */
function withDot(key: string): string {
  return key.length > 3 ? `${key.slice(0, 3)}.${key.slice(3)}` : key;
}

/** A query that could be the start of a code: a letter, a digit, then up to five more (dot optional). */
const CODE_PREFIX = /^[a-z][0-9][0-9a-z]{0,5}$/;

/**
 * Lowercase words of letters and digits, the form descriptions and queries are matched in. A
 * character loop: a regular expression split is several times slower over 98,000 descriptions.
 */
export function words(text: string): string[] {
  const lower = text.toLowerCase();
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 32;
    const wordChar = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    if (wordChar && start < 0) start = i;
    else if (!wordChar && start >= 0) {
      out.push(lower.slice(start, i));
      start = -1;
    }
  }
  return out;
}

/** Parses the shipped TSV (`code`, `billable` 0/1, `description`, with a header line). */
export function parseIcd10Tsv(text: string): Icd10Code[] {
  const lines = text.split('\n');
  if (lines[0]?.trim() !== 'code\tbillable\tdescription') {
    throw new Error('The ICD-10-CM file does not start with the header "code<TAB>billable<TAB>description"');
  }
  const out: Icd10Code[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (!line) continue;
    const [code, flag, description] = line.split('\t');
    if (!code || (flag !== '0' && flag !== '1') || !description) {
      throw new Error(`The ICD-10-CM file has a malformed line ${i + 1}: ${line.slice(0, 80)}`);
    }
    out.push({ code, billable: flag === '1', description });
  }
  return out;
}

/** "A", "A or B", "A, B or C". */
function orList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** First index in the sorted `keys` not less than `prefix` (binary search). */
function lowerBound(keys: readonly string[], prefix: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Indexes of `sorted` whose key starts with `prefix`: one contiguous run. */
function prefixRun(keys: readonly string[], prefix: string): [number, number] {
  const start = lowerBound(keys, prefix);
  let end = start;
  while (end < keys.length && keys[end]!.startsWith(prefix)) end++;
  return [start, end];
}

/**
 * Builds the lookup and the search index once (about 0.3 s for the full set): codes sorted for
 * prefix search, and an inverted index from each description word to the codes that use it.
 */
export function buildCodeSet(rows: readonly Icd10Code[], version = ICD10CM_VERSION): Icd10CodeSet {
  if (rows.length >= ORDER_SLOTS)
    throw new Error('The ICD-10-CM table is larger than the search index allows');
  const keysInOrder = rows.map((r) => codeKey(r.code));
  const byKey = new Map<string, number>();
  keysInOrder.forEach((k, i) => byKey.set(k, i));
  // Code keys in sorted order (the official order file is not strictly sorted: C4A comes before C44).
  const sortedIdx = keysInOrder.map((_, i) => i).sort((a, b) => (keysInOrder[a]! < keysInOrder[b]! ? -1 : 1));
  const sortedKeys = sortedIdx.map((i) => keysInOrder[i]!);
  // " low back pain unspecified ": a query word matches a description word when ` ${word}` occurs.
  const normalized: string[] = new Array<string>(rows.length);
  const postings = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const ws = words(r.description);
    normalized[i] = ` ${ws.join(' ')} `;
    for (const w of ws) {
      const list = postings.get(w);
      if (list === undefined) postings.set(w, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    }
  });
  const vocabulary = [...postings.keys()].sort();

  const lookup = (code: string) => {
    const i = byKey.get(codeKey(code));
    return i === undefined ? undefined : rows[i];
  };

  const billableDescendants = (code: string): Icd10Code[] => {
    const key = codeKey(code);
    const [start, end] = prefixRun(sortedKeys, key);
    const found: number[] = [];
    for (let j = start; j < end; j++) {
      const i = sortedIdx[j]!;
      if (rows[i]!.billable && sortedKeys[j] !== key) found.push(i);
    }
    return found.sort((a, b) => a - b).map((i) => rows[i]!);
  };

  const check = (code: string): CodeCheck => {
    const entry = lookup(code);
    if (!entry) {
      const shown = withDot(codeKey(code));
      return {
        ok: false,
        reason: 'unknown',
        message: `${shown} is not an ICD-10-CM code (${version}); search by code or words and pick one from the list`,
      };
    }
    if (entry.billable) return { ok: true, entry };
    const children = billableDescendants(entry.code);
    const message =
      children.length <= LIST_AT_MOST
        ? `${entry.code} is a category; use ${orList(children.map((c) => c.code))}`
        : `${entry.code} is a category; pick a more specific code under ${entry.code} (${children.length} codes)`;
    return { ok: false, reason: 'category', message };
  };

  /** Codes whose description has a word starting with `w`, from the inverted index. */
  const wordHits = (w: string): number[][] => {
    const [start, end] = prefixRun(vocabulary, w);
    const lists: number[][] = [];
    for (let j = start; j < end; j++) lists.push(postings.get(vocabulary[j]!)!);
    return lists;
  };

  /**
   * How well a description matches, smaller is better: 0 it starts with the query's words in order
   * (the last one may be unfinished, as while typing), 1 it holds them in order, 2 it holds each as
   * a whole word, 3 it holds words starting with each.
   */
  const matchLevel = (text: string, phrase: string, whole: string[]): number => {
    if (text.startsWith(phrase)) return 0;
    if (text.includes(phrase)) return 1;
    return whole.every((w) => text.includes(` ${w} `)) ? 2 : 3;
  };

  const search = (query: string, limit: number): Icd10Code[] => {
    const q = query.trim().toLowerCase();
    if (!q || limit <= 0) return [];
    /** Row → match level (-1 for a code match). */
    const hits = new Map<number, number>();

    const compact = q.replace('.', '');
    if (CODE_PREFIX.test(compact) && q.indexOf('.') === q.lastIndexOf('.')) {
      const [start, end] = prefixRun(sortedKeys, compact.toUpperCase());
      for (let j = start; j < end; j++) hits.set(sortedIdx[j]!, -1);
    }

    const qWords = words(q);
    if (qWords.length > 0) {
      // Start from the rarest word, then check the others against each candidate's description.
      const perWord = [...new Set(qWords)].map((w) => {
        const lists = wordHits(w);
        return { w, lists, count: lists.reduce((n, l) => n + l.length, 0) };
      });
      perWord.sort((a, b) => a.count - b.count);
      const [rarest, ...rest] = perWord;
      const phrase = ` ${qWords.join(' ')}`;
      for (const list of rarest!.lists) {
        for (const i of list) {
          if (hits.has(i)) continue;
          const text = normalized[i]!;
          if (rest.every(({ w }) => text.includes(` ${w}`))) hits.set(i, matchLevel(text, phrase, qWords));
        }
      }
    }

    // One number per hit, smaller first: billable, code match, match level, shorter description,
    // official order. Sorting plain numbers keeps a broad query ("fracture") fast.
    const keys = new Float64Array(hits.size);
    let n = 0;
    for (const [i, level] of hits) {
      const r = rows[i]!;
      const group = (r.billable ? 0 : 5) + level + 1;
      const length = level < 0 ? 0 : Math.min(r.description.length, 999);
      keys[n++] = (group * 1000 + length) * ORDER_SLOTS + i;
    }
    keys.sort();
    const out: Icd10Code[] = [];
    for (let j = 0; j < Math.min(limit, keys.length); j++) out.push(rows[keys[j]! % ORDER_SLOTS]!);
    return out;
  };

  return { version, size: rows.length, lookup, billableDescendants, check, search };
}
