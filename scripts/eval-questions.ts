/**
 * npm run eval:questions — how well the bot understands messy input (issue 11):
 * accuracy per class over the corpus of test/corpus/questions.ts, so that a
 * regression shows as a number. Pure: no database, no network.
 *
 * "understood": answered as meant, or asked back offering what was meant;
 * "re-asked": not understood, but asked back or told what was not recognised;
 * "wrong place" / "wrong value": answered about a place, or read a value, the
 * user did not mean (must be 0). With --failures, lists the cases not understood.
 */
import { CLASSES, scoreCorpus } from "../test/corpus/questions.js";

const pct = (n: number, d: number) => (d === 0 ? "–" : `${((100 * n) / d).toFixed(1)} %`);
const started = performance.now();
const scores = scoreCorpus();
const rows = scores.map((s) => [
  CLASSES.find((c) => c.id === s.cls)!.title,
  String(s.cases),
  pct(s.understood, s.cases),
  pct(s.understood + s.reasked, s.cases),
  String(s.confirmed),
  String(s.wrongIntent + s.notUnderstood),
  String(s.wrongPlace),
  String(s.wrongValue),
]);
const total = scores.reduce((a, s) => ({ cases: a.cases + s.cases, understood: a.understood + s.understood, reasked: a.reasked + s.reasked, wrong: a.wrong + s.wrongPlace + s.wrongValue }), { cases: 0, understood: 0, reasked: 0, wrong: 0 });
const header = ["class", "cases", "understood", "understood or re-asked", "asked back first", "wrong intent / not understood", "wrong place", "wrong value"];
rows.push(["all", String(total.cases), pct(total.understood, total.cases), pct(total.understood + total.reasked, total.cases), "", "", String(scores.reduce((a, s) => a + s.wrongPlace, 0)), String(scores.reduce((a, s) => a + s.wrongValue, 0))]);
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
console.log(line(header));
for (const row of rows) console.log(line(row));
console.log(`(${Math.round(performance.now() - started)} ms)`);
if (process.argv.includes("--failures")) for (const s of scores) for (const f of s.failures) console.log(`[${s.cls}] ${f}`);
process.exitCode = total.wrong > 0 ? 1 : 0;
