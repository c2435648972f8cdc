// Started by test/backup.test.ts: backs up a database page by page and, half-way, says "half" and
// hangs until it is killed (kill -9): a crash in the middle of a backup.
import Database from "better-sqlite3";
import { backupDatabase } from "../../db/backup.js";

const [dbPath, outFile] = process.argv.slice(2);
const db = new Database(dbPath!);
let told = false;
await backupDatabase(db, outFile!, {
  pagesPerStep: 1,
  onStep: (p) => {
    if (!told && p.remainingPages < p.totalPages / 2) {
      told = true;
      process.stdout.write("half\n");
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); // hang here until killed
    }
  },
});
process.stdout.write("finished\n");
