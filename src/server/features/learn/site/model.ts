import type { CiteId } from './sources.ts';

/** At least one source: a claim without one cannot be written down (the type refuses it). */
export type Cite = readonly [CiteId, ...CiteId[]];

export type Block =
  | { kind: 'p'; text: string; cite: Cite }
  | { kind: 'list'; items: readonly { text: string; cite: Cite }[] }
  /** A caveat that is about our sources themselves (e.g. "not retrieved"): still cites what it is about. */
  | { kind: 'note'; text: string; cite: Cite }
  /** A table whose every row cites its source. */
  | {
      kind: 'table';
      caption: string;
      columns: readonly string[];
      rows: readonly { cells: readonly string[]; cite: Cite }[];
    }
  /** The procedure facts panel: each figure a range with its source, or explicitly not shown. */
  | { kind: 'facts'; facts: readonly Fact[] }
  /** Plain navigation text (a link to another page), no claim. */
  | { kind: 'link'; text: string; href: string };

export interface Fact {
  label: string;
  /** The sourced range, or null when no source supports a figure (then `detail` says why). */
  value: string | null;
  detail: string;
  /** Set when the source is weak: shown beside the figure. */
  weak?: string;
  cite: Cite;
}

export interface Section {
  id: string;
  heading: string;
  blocks: readonly Block[];
}

export interface LibraryPage {
  /** Path under /learn/ ('' is the library's front page). */
  slug: string;
  title: string;
  /** The meta description (≤ 160 characters). */
  description: string;
  lede: string;
  sections: readonly Section[];
}

/** A list of sources as a claim's citation; refuses an empty one. */
export function cites(ids: readonly CiteId[]): Cite {
  if (ids.length === 0) throw new Error('A claim needs at least one source.');
  return ids as unknown as Cite;
}

export const p = (text: string, ...cite: Cite): Block => ({ kind: 'p', text, cite });
export const note = (text: string, ...cite: Cite): Block => ({ kind: 'note', text, cite });
export const item = (text: string, ...cite: Cite) => ({ text, cite });
export const list = (...items: { text: string; cite: Cite }[]): Block => ({ kind: 'list', items });
export const row = (cells: readonly string[], ...cite: Cite) => ({ cells, cite });
export const table = (
  caption: string,
  columns: readonly string[],
  ...rows: { cells: readonly string[]; cite: Cite }[]
): Block => ({ kind: 'table', caption, columns, rows });
export const link = (text: string, href: string): Block => ({ kind: 'link', text, href });

/** Every source a page cites, in order of first citation. */
export function citedSources(page: LibraryPage): CiteId[] {
  const seen = new Set<CiteId>();
  for (const s of page.sections)
    for (const b of s.blocks) {
      const cites =
        b.kind === 'list'
          ? b.items.flatMap((i) => i.cite)
          : b.kind === 'table'
            ? b.rows.flatMap((r) => r.cite)
            : b.kind === 'facts'
              ? b.facts.flatMap((f) => f.cite)
              : b.kind === 'link'
                ? []
                : b.cite;
      for (const c of cites) seen.add(c);
    }
  return [...seen];
}
