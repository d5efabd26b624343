// Flat typed-array buffers that grow: one helper for the engine's instances
// (text memos, interners, the corpus's per-statement records, stories).

type Typed = Uint8Array | Uint16Array | Int32Array | Float32Array | Float64Array;

/** A new array of `size` elements (of `a`'s kind) holding `a`'s elements first, zeros after. */
export function grown<T extends Typed>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}
