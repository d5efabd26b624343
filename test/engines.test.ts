// Two engines in one process share nothing: what one engine reports does not
// depend on what another engine read before or in between (each owns its
// interner, caches and scratch state).
import { describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../server/src/engine';
import { seedFiles, seedText } from './helpers';

type Step = (e: Engine) => void;

/** Everything a reader can see of an engine: per document, its statements, each with its view (matches with their reasons, borrowed speaker). */
function seen(e: Engine): string {
  return JSON.stringify(e.paths().sort().map((path) => {
    const a = e.get(path)!;
    return { path, statements: a.statements, views: a.statements.map((s) => e.view(path, s.id)) };
  }));
}

/** Runs `a` and `b` step by step in turn on two engines; each must end as a fresh engine given only its own steps does. */
function check(a: Step[], b: Step[]): void {
  const ea = createEngine();
  const eb = createEngine();
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    a[i]?.(ea);
    b[i]?.(eb);
  }
  const alone = (steps: Step[]) => {
    const e = createEngine();
    for (const step of steps) step(e);
    return seen(e);
  };
  expect(seen(eb)).toBe(alone(b));
  expect(seen(ea)).toBe(alone(a));
}

const seeds = seedFiles();
/** Adds one seed as it is. */
const add = (path: string): Step => (e) => e.set(path, seedText(path));
/** Adds a reworded copy of a seed (new words for the interner first), compares two of its sentences, and drops the copy before. */
const reworded = (path: string, i: number): Step => (e) => {
  const text = seedText(path).replace(/\b(said|says|told)\b/g, 'stated').replace(/\b(\d+)\b/g, (d) => String(Number(d) + 3));
  e.set(`copies/${i}.txt`, text);
  const [first, second] = e.get(`copies/${i}.txt`)!.statements;
  if (first && second) e.compare(first.text, second.text);
  if (i > 0) e.remove(`copies/${i - 1}.txt`);
};

describe('two engines in one process', () => {
  it('give each the results it gives alone: seeds one by one beside another engine reading reworded copies', () => {
    check([...seeds].reverse().map(reworded), seeds.map(add));
  });
  it('and with a bulk load beside edits', () => {
    check(seeds.map(reworded), [(e) => e.setMany(seeds.map((path) => ({ path, text: seedText(path) })))]);
  });
});
