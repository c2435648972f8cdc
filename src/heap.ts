/**
 * V8 heap setting of the bot process, applied when this module is imported:
 * src/main.ts (`npm start`) and the benchmark's worker (bench/worker.ts)
 * import it first, so the bot runs the same way in both.
 *
 * Under load the bot's live heap is small (~40 MB with 500 chats in flight,
 * mostly their suspended middleware and conversation frames), but nearly
 * everything an update allocates outlives a couple of scavenges (the update is
 * still in flight) and is promoted to the old generation, where it dies soon
 * after. On a machine with plenty of RAM, V8 lets the old generation grow to up
 * to 4× its live size before the next full GC: ~150 MB of garbage, the bulk of
 * the bot's RSS growth under load. Capping the growth factor at 1.5 keeps the
 * heap near its live size for a few percent more CPU (more frequent, mostly
 * concurrent, full GCs). Measured with `npm run bench -- --quick`: peak RSS
 * 300 → 214 MB for about 4% more CPU time and no measurable loss of
 * throughput; 30 gives 205 MB for ~11% more CPU, 100 gives 233 MB for ~0%.
 *
 * `--heap-growing-percent` is a V8 flag, not a Node option (NODE_OPTIONS
 * refuses it); V8 reads it at every GC, so setting it here at run time works.
 * Given on the node command line, that value wins.
 */
import v8 from "node:v8";

export const HEAP_GROWING_PERCENT = 50;

if (!process.execArgv.some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg))) {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
