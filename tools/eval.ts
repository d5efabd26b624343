// npm run eval -- <quotes|mrpc> <path-to-data>: quality figures on annotated data.
import { evalMrpc } from './evalMrpc';
import { evalQuotes } from './evalQuotes';

const [what, path] = process.argv.slice(2);
const runners: Record<string, (p: string) => Promise<void>> = { quotes: evalQuotes, mrpc: evalMrpc };
if (!what || !path || !runners[what]) {
  console.error('usage: npm run eval -- quotes <polnear.jsonl>\n       npm run eval -- mrpc <mrpc.jsonl>');
  process.exit(2);
}
runners[what](path).catch((e) => {
  console.error(`eval: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
