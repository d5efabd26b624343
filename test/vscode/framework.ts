// A tiny mocha-like runner for the extension-host suites (no extra dependency):
// suites register tests at import time; run() executes them in order, prints
// TAP-style lines to the extension host console (the workbench forwards them
// to the test driver) and rejects if any test failed.
import { writeFileSync } from 'node:fs';

type Fn = () => unknown | Promise<unknown>;
interface Test { suite: string; name: string; fn: Fn; timeout: number }
interface Result { suite: string; name: string; ok: boolean; ms: number; error?: string }

const tests: Test[] = [];
const afterAlls: { suite: string; fn: Fn }[] = [];
let current = '';

export function suite(name: string, body: () => void) {
  const prev = current;
  current = name;
  try { body(); } finally { current = prev; }
}

export function test(name: string, fn: Fn, timeout = 60_000) {
  tests.push({ suite: current, name, fn, timeout });
}

/** Runs after the suite's last test, even when tests failed (cleanup). */
export function afterAll(fn: Fn) {
  afterAlls.push({ suite: current, fn });
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, rej) => { timer = setTimeout(() => rej(new Error(`${what}: timed out after ${ms} ms`)), ms); }),
  ]);
}

export async function runAll(): Promise<void> {
  const filter = process.env.CORROBORATE_TEST_GREP ? new RegExp(process.env.CORROBORATE_TEST_GREP, 'i') : undefined;
  const selected = tests.filter((t) => !filter || filter.test(`${t.suite} ${t.name}`));
  const results: Result[] = [];
  console.log(`TAP version 13\n1..${selected.length}`);
  const t00 = Date.now();
  const suites = [...new Set(selected.map((t) => t.suite))];
  for (const s of suites) {
    for (const t of selected.filter((x) => x.suite === s)) {
      const t0 = Date.now();
      const label = `${t.suite} › ${t.name}`;
      try {
        await withTimeout(Promise.resolve().then(t.fn), t.timeout, label);
        results.push({ suite: t.suite, name: t.name, ok: true, ms: Date.now() - t0 });
        console.log(`ok ${results.length} - ${label} (${Date.now() - t0} ms)`);
      } catch (e) {
        const error = e instanceof Error ? e.stack ?? e.message : String(e);
        results.push({ suite: t.suite, name: t.name, ok: false, ms: Date.now() - t0, error });
        console.log(`not ok ${results.length} - ${label} (${Date.now() - t0} ms)\n  ---\n  ${error.replace(/\n/g, '\n  ')}\n  ...`);
      }
    }
    for (const a of afterAlls.filter((x) => x.suite === s)) {
      try { await a.fn(); } catch (e) { console.log(`# afterAll of ${s} failed: ${e}`); }
    }
  }
  const failed = results.filter((r) => !r.ok).length;
  console.log(`# ${results.length - failed} passed, ${failed} failed (${Date.now() - t00} ms)`);
  if (process.env.CORROBORATE_TEST_RESULTS) {
    writeFileSync(process.env.CORROBORATE_TEST_RESULTS, JSON.stringify(results, null, 2));
  }
  if (failed) throw new Error(`${failed} of ${results.length} extension-host tests failed`);
}
