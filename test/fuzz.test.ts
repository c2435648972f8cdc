import fc from "fast-check";
import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiCall } from "../src/channels/local-transport.js";
import * as digestCatalog from "../src/domain/catalog/digest.js";
import * as onboardingCatalog from "../src/domain/catalog/onboarding.js";
import * as reportCatalog from "../src/domain/catalog/report.js";
import * as reviewCatalog from "../src/domain/catalog/review.js";
import * as statusCatalog from "../src/domain/catalog/status.js";
import { FORMS } from "../src/domain/forms/index.js";
import { escapeHtml } from "../src/domain/text.js";
import { buttons, createHarness, texts, type Harness, type TestUser } from "./support/harness.js";
import { refusal, telegramLike } from "./support/telegram.js";
import { CONGRESS_ANSWERS, ELECTION_ANSWERS, registered } from "./reports/support.js";

/**
 * Issue 13 "Done when": arbitrary updates (random button data, random text up
 * to 4,096 characters with HTML-like fragments, random unit ids) thrown at
 * bot.handleUpdate as each role. Whatever comes in: no exception escapes,
 * every message the bot sends would be accepted by Telegram (valid HTML,
 * ≤ 4,096 characters, valid UTF-8), no reply is the generic internal error,
 * and no reply names a unit outside the sender's scope.
 */

const INTERNAL_ERROR = onboardingCatalog.onboarding.internalError;
/** Distinctive unit names of the small province (test/fixtures/small-province.csv). */
const ALL_NAMES = ["Nà Ếch", "Khe Mạ", "Húc Động", "Đồng Văn", "Bình Liêu", "Cô Tô", "Thanh Lân", "Thôn 2"];

interface Actor {
  label: string;
  user: TestUser;
  /** Names this actor must never be shown (neither in scope nor above it). */
  forbidden: string[];
  keyboard: { text: string; data: string }[];
}

let h: Harness;
let actors: Actor[];

/** Catalog texts that name a sample unit as an example ("ví dụ /xem Nà Ếch"): not a leak. */
const EXAMPLES = (() => {
  const out = new Set<string>();
  const walk = (value: unknown) => {
    if (typeof value === "string") {
      if (ALL_NAMES.some((n) => value.includes(n))) out.add(value).add(escapeHtml(value));
    } else if (value && typeof value === "object") for (const v of Object.values(value)) walk(v);
  };
  for (const catalog of [digestCatalog, onboardingCatalog, reportCatalog, reviewCatalog, statusCatalog]) walk(catalog);
  return [...out].sort((a, b) => b.length - a.length);
})();

beforeAll(async () => {
  h = createHarness({ respond: telegramLike() });
  // Some data to look at, review and correct.
  const an = await registered(h, 9101, "QN-BL-HUCDONG-01", "reporter", "Lò Văn An");
  await an.script(["/baucu", ...ELECTION_ANSWERS, "tap:Lưu", "/daihoi", ...CONGRESS_ANSWERS, "tap:Lưu"]);
  const thanhLan = await registered(h, 9102, "QN-CT-THANHLAN-02", "reporter", "Đinh Thị Lan");
  await thanhLan.script(["/baucu", ...ELECTION_ANSWERS, "tap:Lưu"]);

  const actor = async (label: string, id: number, unit: string | undefined, role: "reporter" | "staff" | "leader" | "admin", forbidden: string[]) => ({
    label,
    user: unit ? await registered(h, id, unit, role, `Người <${id}> & Co`) : h.user(id, "Khách"),
    forbidden,
    keyboard: [],
  });
  actors = [
    await actor("reporter Nà Ếch", 9201, "QN-BL-HUCDONG-01", "reporter", ["Khe Mạ", "Đồng Văn", "Cô Tô", "Thanh Lân", "Thôn 2"]),
    await actor("staff Húc Động", 9202, "QN-BL-HUCDONG", "staff", ["Đồng Văn", "Cô Tô", "Thanh Lân", "Thôn 2"]),
    await actor("staff Cô Tô", 9203, "QN-CT", "staff", ["Nà Ếch", "Khe Mạ", "Húc Động", "Đồng Văn", "Bình Liêu"]),
    await actor("leader Bình Liêu", 9204, "QN-BL", "leader", ["Cô Tô", "Thanh Lân", "Thôn 2"]),
    await actor("admin", 9205, "QN", "admin", []),
    await actor("unregistered", 9206, undefined, "reporter", ALL_NAMES),
  ];
}, 60_000);
afterAll(() => h?.close());

// ---- what a client can send --------------------------------------------------

/**
 * Units are named without diacritics ("co to"): the bot finds them just the same, and
 * then any "Cô Tô" in a reply came from the bot, not from an echo of what was typed.
 */
const UNIT_WORDS = ["na ech", "ban na ech", "khe ma", "thon khe ma", "huc dong", "xa huc dong", "dong van", "binh lieu", "huyen binh lieu", "co to", "huyen co to", "thanh lan", "thon 1", "thon 2", "quang ninh", "HUC DONG", "Co To"];
const HTMLISH = ["<b>", "</b>", "<i>", "<tên thôn>", '<a href="tg://user?id=1">', "</a>", "<code>", "&", "&amp;", "&lt;", "&#128512;", "&nbsp;", "<", ">", '"', "'", "<script>alert(1)</script>", "<b", "</", "<span class=tg-spoiler>"];
const WORDS = ["\n", " ", "  ", "\t", ":", "tiến độ", "xong chưa", "chi bộ nào chưa hoàn thành", "thôn nào chưa bầu trưởng thôn", "xã", "huyện", "thôn", "có", "không", "1", "2", "9", "300", "1.452", "85,5%", "hôm nay", "15/12", "Lưu", "Sửa", "Hủy", "Bỏ qua", "Nguyễn Thị Hoa", "1978"];
const ODD = ["😀", "👨‍👩‍👧‍👦", "🇻🇳", "e\u0301", "\u200d", "\u202e", "\u0000", "ﷺ", "𝕏"];

const fragment = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...UNIT_WORDS) },
  { weight: 3, arbitrary: fc.constantFrom(...HTMLISH) },
  { weight: 4, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 1, arbitrary: fc.constantFrom(...ODD) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }) },
);

const graphemes = new Intl.Segmenter("vi", { granularity: "grapheme" });
/** At most 4,096 UTF-16 code units, cut between graphemes (Telegram's own limit for a message), never empty. */
function asMessage(text: string): string {
  let out = "";
  for (const { segment } of graphemes.segment(text)) {
    if (out.length + segment.length > 4096) break;
    out += segment;
  }
  return out.trim() === "" ? "." : out;
}

const shortText = fc.array(fragment, { minLength: 1, maxLength: 25 }).map((parts) => asMessage(parts.join("")));
const longText = fc.tuple(fc.array(fragment, { minLength: 1, maxLength: 8 }), fc.integer({ min: 500, max: 4096 })).map(([parts, length]) => {
  const unit = parts.join("") || "x";
  return asMessage(unit.repeat(Math.ceil(length / unit.length)).slice(0, length + 2));
});
const COMMANDS = ["/start", "/trogiup", "/baucu", "/daihoi", "/sua", "/sua baucu", "/sua daihoi", "/nhanh", "/nhanh baucu", "/nhanh daihoi", "/huy", "/xem", "/tiendo", "/chuaxong", "/xuat", "/duyet", "/nhanbaocao", "/dangkynhom"];
const command = fc.tuple(fc.constantFrom(...COMMANDS), fc.option(fc.oneof(shortText, longText), { nil: undefined })).map(([c, arg]) => asMessage(arg ? `${c} ${arg}` : c));
const quickForm = fc
  .tuple(
    fc.constantFrom(FORMS.election, FORMS.congress),
    fc.array(fc.tuple(fc.oneof(fc.constantFrom(...FORMS.election.fields.map((f) => f.label), ...FORMS.congress.fields.map((f) => f.label)), shortText), shortText), { maxLength: 200 }),
  )
  .map(([form, lines]) => asMessage([form.quickFormHeading, ...lines.map(([k, v]) => `${k.replace(/\n/g, " ")}: ${v.replace(/\n/g, " ")}`)].join("\n")));

const unitId = fc.oneof(fc.integer({ min: 0, max: 14 }), fc.constantFrom(2 ** 31, 2 ** 53, 10 ** 30), fc.nat());
const callbackData = fc.oneof(
  unitId.map((id) => `td:${id}`),
  fc.tuple(unitId, fc.constantFrom("all", "election", "congress", "x"), fc.nat({ max: 40 })).map(([id, f, p]) => `cx:${id}:${f}:${p}`),
  unitId.map((id) => `nx:${id}`),
  unitId.map((id) => `xem:${id}`),
  unitId.map((id) => `xuat:${id}`),
  fc.tuple(fc.constantFrom("v", "ok", "back", "x"), fc.integer({ min: 0, max: 12 })).map(([k, id]) => `dy:${k}:${id}`),
  fc.tuple(fc.nat({ max: 40 }), fc.nat({ max: 12 })).map(([q, i]) => `q${q}:${i}`),
  fc.string({ maxLength: 64 }),
);

type Action =
  | { who: number; kind: "text"; text: string }
  | { who: number; kind: "press"; data: string }
  | { who: number; kind: "tap"; index: number }
  | { who: number; kind: "photo" };

/** Right answers to the report questions, so that dialogues get through to the read-back and the save. */
const ANSWERS = [...ELECTION_ANSWERS, ...CONGRESS_ANSWERS].filter((a) => !a.startsWith("tap:"));
const answer = fc.constantFrom(...ANSWERS, "1", "2", "3", "Lưu", "Bỏ qua", "Sửa lại cho đúng 🙏", "na ech", "khe ma", "thon 1", "thon 2", "co to");

const anyone = fc.nat({ max: 5 });
const actionBy = (who: fc.Arbitrary<number>): fc.Arbitrary<Action> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.record({ who, kind: fc.constant("text" as const), text: fc.oneof({ weight: 4, arbitrary: shortText }, { weight: 1, arbitrary: longText }, { weight: 1, arbitrary: quickForm }) }) },
    { weight: 3, arbitrary: fc.record({ who, kind: fc.constant("text" as const), text: command }) },
    { weight: 2, arbitrary: fc.record({ who, kind: fc.constant("press" as const), data: callbackData }) },
    { weight: 4, arbitrary: fc.record({ who, kind: fc.constant("tap" as const), index: fc.nat({ max: 20 }) }) },
    { weight: 4, arbitrary: fc.record({ who, kind: fc.constant("text" as const), text: answer }) },
    { weight: 1, arbitrary: fc.record({ who, kind: fc.constant("photo" as const) }) },
  );

// ---- what must hold --------------------------------------------------------

/** Texts the user of `chatId` gets to read from these calls. */
function readBy(calls: ApiCall[], chatId: number): string[] {
  return calls.flatMap((c) => {
    if (c.method === "answerCallbackQuery") return c.payload.text ? [String(c.payload.text)] : [];
    if (String(c.payload.chat_id) !== String(chatId)) return [];
    if (c.method === "sendMessage" || c.method === "editMessageText") return [String(c.payload.text)];
    if (c.payload.caption !== undefined) return [String(c.payload.caption)];
    return [];
  });
}

async function run(a: Action): Promise<void> {
  const actor = actors[a.who]!;
  const user = actor.user;
  let update: Update;
  let input = "";
  if (a.kind === "text") {
    update = user.messageUpdate(a.text);
    input = a.text;
  } else if (a.kind === "photo") {
    update = user.messageUpdate("", { text: undefined, entities: undefined, photo: [{ file_id: "AgAD-fuzz", file_unique_id: "u-fuzz", width: 10, height: 10 }] });
  } else {
    const data = a.kind === "press" ? a.data : actor.keyboard[a.index % Math.max(actor.keyboard.length, 1)]?.data ?? "q1:0";
    update = { update_id: user.messageUpdate("x").update_id, callback_query: { id: `cb-${Math.random()}`, from: { id: user.id, is_bot: false, first_name: user.firstName }, chat_instance: "ci", data, message: { message_id: 1 + (a.who % 3), date: 0, chat: { id: user.id, type: "private", first_name: user.firstName }, text: "…" } } } as Update;
    input = data;
  }
  const from = h.transport.calls.length;
  await expect(h.bot.handleUpdate(update), `${actor.label}: handleUpdate threw`).resolves.toBeUndefined();
  const calls = h.transport.since(from);

  for (const call of calls) {
    expect(refusal(call, { strict: true }), `${actor.label} → ${call.method}: ${String(call.payload.text ?? call.payload.caption ?? "").slice(0, 300)}`).toBeUndefined();
  }
  const read = readBy(calls, user.id);
  expect(read.join("\n"), `${actor.label}: generic error after ${JSON.stringify(input.slice(0, 200))}`).not.toContain(INTERNAL_ERROR);
  for (const raw of read) {
    let text = raw;
    for (const example of EXAMPLES) text = text.split(example).join("");
    for (const name of actor.forbidden) expect(text.includes(name), `${actor.label} was shown "${name}" in: ${raw.slice(0, 400)}`).toBe(false);
  }
  const keyboard = buttons(calls.filter((c) => String(c.payload.chat_id) === String(user.id)));
  if (keyboard.length) actor.keyboard = keyboard;
}

describe("fuzz: arbitrary updates as every role", () => {
  it("no escaped exception, no refused send, no generic error, no unit outside the scope", async () => {
    await fc.assert(
      // Mostly one person per run, so that dialogues get somewhere; now and then someone else cuts in.
      fc.asyncProperty(anyone.chain((focus) => fc.array(actionBy(fc.oneof({ weight: 4, arbitrary: fc.constant(focus) }, { weight: 1, arbitrary: anyone })), { minLength: 1, maxLength: 12 })), async (actions) => {
        for (const a of actions) await run(a);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 400), interruptAfterTimeLimit: 25_000, markInterruptAsFailure: false },
    );
  }, 60_000);

  it("reached far into the bot (sanity)", () => {
    const all = texts(h.transport.calls);
    const seen = (s: string) => all.filter((t) => t.includes(s)).length;
    const reached = { replies: all.length, readBacks: seen("Kiểm tra báo cáo"), saved: seen("Đã lưu") + seen("đã được lưu"), progress: seen("Tiến độ —"), missing: seen("chưa hoàn thành"), notFound: seen("Không tìm thấy"), exports: h.transport.calls.filter((c) => c.method === "sendDocument").length };
    if (process.env.FUZZ_STATS) console.log(reached);
    expect(reached.replies).toBeGreaterThan(100);
    expect(reached.progress).toBeGreaterThan(0);
  });
});
