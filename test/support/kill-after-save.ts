/**
 * Child process of test/reports/save-once.test.ts (run with `node --import tsx`):
 * an official completes /baucu on the database file argv[2] with the invite
 * argv[3] and presses "Lưu". The moment "✅ Đã lưu" goes out, the process
 * prints the read-back's save button and freezes (synchronously: nothing after
 * the send runs), so the test can kill -9 it exactly there.
 */
import { writeSync } from "node:fs";
import { createHarness } from "./harness.js";
import { ELECTION_ANSWERS } from "../reports/support.js";

const [dbPath, code, userId] = process.argv.slice(2) as [string, string, string];
let saveButton = "";
const h = createHarness({
  dbPath,
  seed: false,
  respond: (call) => {
    if (call.method === "sendMessage" && String(call.payload.text).includes("Đã lưu")) {
      writeSync(1, `SAVED ${saveButton}\n`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); // frozen until killed
    }
    return undefined;
  },
});
const user = h.user(Number(userId), "An");
await user.send(`/start ${code}`);
await user.script(["/baucu", ...ELECTION_ANSWERS]);
const readBack = h.transport.calls.at(-1)!;
saveButton = (readBack.payload.reply_markup.inline_keyboard as { text: string; callback_data: string }[][]).flat().find((b) => b.text.includes("Lưu"))!.callback_data;
writeSync(1, "READ_BACK\n");
await user.tap("Lưu");
writeSync(1, "NOT_FROZEN\n");
