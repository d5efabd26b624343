// Binary search, one helper for the engine (and, through the front door, the
// server): sorted spans, token offsets, mention lists.
import type { Span } from '../model';

/** The first index in [0, n) for which `above(i)` holds, n if none; `above` is false then true along the range. */
export function lowerBound(n: number, above: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (above(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Index of the first span (sorted, non-overlapping) whose end is after `offset`; spans.length if none. */
export function spanIndexAt(spans: readonly Span[], offset: number): number {
  return lowerBound(spans.length, (i) => spans[i].end > offset);
}
