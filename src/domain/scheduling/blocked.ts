/** Disjoint blocked ranges in epoch ms, sorted, so an overlap query is one binary search. */
export interface BlockIndex {
  starts: number[];
  ends: number[];
}

export interface MsRange {
  start: number;
  end: number;
}

export function blockIndex(ranges: MsRange[]): BlockIndex {
  const index: BlockIndex = { starts: [], ends: [] };
  const sorted = ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
  for (const { start, end } of sorted) {
    const last = index.ends.length - 1;
    if (last >= 0 && start <= index.ends[last]!) index.ends[last] = Math.max(index.ends[last]!, end);
    else {
      index.starts.push(start);
      index.ends.push(end);
    }
  }
  return index;
}

/** Does [start, end) intersect any blocked range? Ends are sorted because the ranges are disjoint. */
export function overlapsBlock(index: BlockIndex, start: number, end: number): boolean {
  let lo = 0;
  let hi = index.ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (index.ends[mid]! > start) hi = mid;
    else lo = mid + 1;
  }
  return lo < index.starts.length && index.starts[lo]! < end;
}
