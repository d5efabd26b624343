// Flat typed-array buffers that grow: one helper for the engine's instances
// (text memos, interners, the corpus's per-statement records, stories).

type Typed = Uint8Array | Uint16Array | Int32Array | Float32Array | Float64Array;

/** A new array of `size` elements (of `a`'s kind) holding `a`'s elements first, zeros after. */
export function grown<T extends Typed>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

/**
 * Appends `value` to list `t` of a set of growing Int32Array lists
 * (`counts[t]` of `lists[t]` used; the array doubles when full): half the
 * bytes of a number[] per entry (the corpus's and the stories' postings).
 */
export function pushTo(lists: Int32Array[], counts: number[], t: number, value: number): void {
  let list = lists[t];
  const n = counts[t];
  if (n === list.length) lists[t] = list = grown(list, Math.max(4, 2 * n));
  list[n] = value;
  counts[t] = n + 1;
}
