import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Update } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";
import { createHarness, lastText, tempDbPath, texts, type Harness } from "../support/harness.js";
import { conversationRows, ELECTION_ANSWERS, registered, versions } from "./support.js";

/**
 * Issue 13, item 2: one acknowledged report must never become two identical
 * versions, even when the process dies right after "✅ Đã lưu" went out.
 */

const harnesses: Harness[] = [];
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const h of harnesses.splice(0)) h.close();
  for (const c of cleanups.splice(0)) c();
});
const track = (h: Harness) => (harnesses.push(h), h);

/** A press of `data` on the read-back, as a fresh update (a new update id, as after a restart). */
function press(userId: number, data: string, updateId: number): Update {
  return {
    update_id: updateId,
    callback_query: {
      id: `cb${updateId}`,
      from: { id: userId, is_bot: false, first_name: "An" },
      chat_instance: "ci",
      data,
      message: { message_id: 1, date: 0, chat: { id: userId, type: "private", first_name: "An" }, text: "…" },
    },
  } as Update;
}

function saveButtonOf(h: Harness): string {
  const keyboard = h.transport.calls.at(-1)!.payload.reply_markup.inline_keyboard as { text: string; callback_data: string }[][];
  return keyboard.flat().find((b) => b.text.includes("Lưu"))!.callback_data;
}

/** The database file as a process killed at this instant would leave it (what is committed). */
function snapshotAt(h: Harness): () => Harness {
  const image = h.db.$client.serialize();
  return () => {
    const temp = tempDbPath();
    cleanups.push(temp.cleanup);
    writeFileSync(temp.path, image);
    return track(createHarness({ dbPath: temp.path, seed: false }));
  };
}

describe("a report acknowledged once is stored once", () => {
  it("process dies right after 'Đã lưu' was sent: after the restart, 'Lưu' again stores no second version", async () => {
    let restartFromHere: (() => Harness) | undefined;
    let h!: Harness;
    h = track(
      createHarness({
        respond: (call) => {
          if (call.method === "sendMessage" && String(call.payload.text).includes("Đã lưu")) restartFromHere = snapshotAt(h);
          return undefined;
        },
      }),
    );
    const user = await registered(h, 1401, "QN-BL-HUCDONG-01", "reporter", "An");
    await user.script(["/baucu", ...ELECTION_ANSWERS]);
    const save = saveButtonOf(h);
    expect(lastText(await user.tap("Lưu"))).toContain("Đã lưu");

    const after = restartFromHere!();
    // The end of the dialogue was committed with the report: nothing waits for "Lưu" any more.
    expect(conversationRows(after)).toBe(0);
    const again = await after.user(1401, "An").deliver(press(1401, save, 7_000_001));
    expect(versions(after)).toHaveLength(1);
    expect(again.find((c) => c.method === "answerCallbackQuery")?.payload.text).toBe("Nút này không còn hiệu lực.");
    expect(texts(again).join("\n")).not.toContain("Xin lỗi");
  });

  it("even with the dialogue still at the read-back (state from before the fix), 'Lưu' again says it is already saved", async () => {
    let restartFromHere: (() => Harness) | undefined;
    let h!: Harness;
    let stateAtReadBack: { key: string; state: string } | undefined;
    h = track(
      createHarness({
        respond: (call) => {
          if (call.method === "sendMessage" && String(call.payload.text).includes("Đã lưu")) restartFromHere = snapshotAt(h);
          return undefined;
        },
      }),
    );
    const user = await registered(h, 1402, "QN-BL-HUCDONG-01", "reporter", "An");
    await user.script(["/baucu", ...ELECTION_ANSWERS]);
    const save = saveButtonOf(h);
    stateAtReadBack = h.db.$client.prepare("select key, state from conversation_states").get() as { key: string; state: string };
    await user.tap("Lưu");

    const after = restartFromHere!();
    after.db.$client.prepare("insert or replace into conversation_states (key, state, updated_at) values (?, ?, ?)").run(stateAtReadBack.key, stateAtReadBack.state, after.clock.now());
    const again = await after.user(1402, "An").deliver(press(1402, save, 7_000_002));
    expect(versions(after)).toHaveLength(1);
    expect(lastText(again)).toContain("Báo cáo này đã được lưu");
  });

  it("saving answers identical to the current version creates no new version (/sua with nothing changed)", async () => {
    const h = track(createHarness());
    const user = await registered(h, 1403, "QN-BL-HUCDONG-01", "reporter", "An");
    await user.script(["/baucu", ...ELECTION_ANSWERS, "tap:Lưu"]);
    await user.script(["/sua baucu", "tap:Lưu"]);
    const reply = lastText(await user.tap("Bỏ qua"));
    expect(reply).toContain("Báo cáo này đã được lưu");
    expect(reply).toContain("phiên bản 1");
    expect(versions(h)).toHaveLength(1);
    expect(h.db.$client.prepare("select version_count as n from reports").get()).toEqual({ n: 1 });
    // A real change still makes a new version.
    await user.script(["/sua baucu", "tap:Sửa mục", "tap:Số phiếu", "260", "tap:Lưu"]);
    expect(lastText(await user.tap("Bỏ qua"))).toContain("phiên bản 2");
    expect(versions(h)).toHaveLength(2);
  });

  it("a second official sending the very same report adds no version and no conflict", async () => {
    const h = track(createHarness());
    const first = await registered(h, 1404, "QN-BL-HUCDONG-01", "reporter", "An");
    const second = await registered(h, 1405, "QN-BL-HUCDONG-01", "reporter", "Bình");
    await first.script(["/baucu", ...ELECTION_ANSWERS, "tap:Lưu"]);
    await second.script(["/baucu", ...ELECTION_ANSWERS]);
    expect(lastText(await second.tap("Lưu"))).toContain("Báo cáo này đã được lưu");
    expect(versions(h).map((v) => [v.author, v.is_current, v.is_conflict])).toEqual([["An", 1, null]]);
  });

  it("real process, kill -9 right after 'Đã lưu' was sent: the restarted bot stores no second version", async () => {
    const temp = tempDbPath();
    cleanups.push(temp.cleanup);
    const setup = createHarness({ dbPath: temp.path });
    const code = setup.invite("QN-BL-HUCDONG-01", "reporter", { personName: "An" });
    setup.db.$client.close();

    const script = fileURLToPath(new URL("../support/kill-after-save.ts", import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", script, temp.path, code, "1406"], {
      cwd: fileURLToPath(new URL("../..", import.meta.url)),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stderr!.on("data", (d) => (err += d));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
    const saveButton = await new Promise<string>((resolve, reject) => {
      child.stdout!.on("data", (d) => {
        out += d;
        const saved = /SAVED (\S+)/.exec(out);
        if (saved) resolve(saved[1]!);
      });
      child.once("exit", () => reject(new Error(`child exited before saving:\n${out}\n${err}`)));
    });
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    expect(out).not.toContain("NOT_FROZEN");

    const after = track(createHarness({ dbPath: temp.path, seed: false }));
    expect(versions(after)).toHaveLength(1);
    const again = await after.user(1406, "An").deliver(press(1406, saveButton, 7_000_003));
    expect(versions(after)).toHaveLength(1);
    expect(texts(again).join("\n")).not.toContain("Xin lỗi");
  }, 30_000);
});
