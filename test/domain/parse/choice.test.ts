import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { matchChoice, parseYesNo, YES_NO_OPTIONS, type ChoiceOption } from "../../../src/domain/parse/choice.js";
import { choiceMsg, formatOptionList } from "../../../src/domain/catalog/parse.js";

type Method = "direct" | "indirect" | "family";
const METHODS: readonly ChoiceOption<Method>[] = [
  { value: "direct", label: "Bầu trực tiếp" },
  { value: "indirect", label: "Biểu quyết giơ tay", aliases: ["gio tay"] },
  { value: "family", label: "Đại diện hộ gia đình", aliases: ["ho gia dinh", "dai dien ho"] },
];
const METHOD_LIST = "1. Bầu trực tiếp  2. Biểu quyết giơ tay  3. Đại diện hộ gia đình";

describe("formatOptionList", () => {
  it("numbers the labels", () => {
    expect(formatOptionList(["Có", "Không"])).toBe("1. Có  2. Không");
    expect(formatOptionList(METHODS.map((o) => o.label))).toBe(METHOD_LIST);
  });
});

describe("matchChoice accepts", () => {
  it.each([
    ["1", "direct"],
    ["2.", "indirect"],
    ["3)", "family"],
    [" 3 ", "family"],
    ["số 2", "indirect"],
    ["so 2", "indirect"],
    ["Số 3.", "family"],
    ["chọn 1", "direct"],
    ["Bầu trực tiếp", "direct"],
    ["bau truc tiep", "direct"],
    ["BẦU TRỰC TIẾP!", "direct"],
    ["giơ tay", "indirect"],
    ["hộ gia đình", "family"],
    ["bầu", "direct"], // unique label prefix
    ["biểu", "indirect"],
    ["trực tiếp", "direct"], // word-start containment
    ["đại", "family"],
    ["2. Biểu quyết giơ tay", "indirect"], // copied from the list
  ])("%j → %s", (input, expected) => {
    expect(matchChoice(input, METHODS)).toEqual({ ok: true, value: expected });
  });
});

describe("matchChoice rejects", () => {
  it.each([
    ["", choiceMsg.empty(METHOD_LIST)],
    ["4", choiceMsg.numberOutOfRange("4", 3, METHOD_LIST)],
    ["số 0", choiceMsg.numberOutOfRange("0", 3, METHOD_LIST)],
    ["b", choiceMsg.notFound("b", METHOD_LIST)], // too short for a partial match
    ["xyz", choiceMsg.notFound("xyz", METHOD_LIST)],
    ["ong", choiceMsg.notFound("ong", METHOD_LIST)],
    ["2 xyz", choiceMsg.notFound("2 xyz", METHOD_LIST)],
    ["1. Bầu sai", choiceMsg.notFound("1. Bầu sai", METHOD_LIST)],
  ])("%j", (input, error) => {
    expect(matchChoice(input, METHODS)).toEqual({ ok: false, error });
  });

  it("ambiguous prefix lists the matching and all numbered options", () => {
    const opts: ChoiceOption<string>[] = [
      { value: "a", label: "Thôn Bản Nà" },
      { value: "b", label: "Thôn Bản Ếch" },
      { value: "c", label: "Xóm Mới" },
    ];
    const list = "1. Thôn Bản Nà  2. Thôn Bản Ếch  3. Xóm Mới";
    expect(matchChoice("thôn bản", opts)).toEqual({
      ok: false,
      error: choiceMsg.ambiguous("thôn bản", ["Thôn Bản Nà", "Thôn Bản Ếch"], list),
    });
    expect(matchChoice("bản", opts)).toEqual({
      ok: false,
      error: choiceMsg.ambiguous("bản", ["Thôn Bản Nà", "Thôn Bản Ếch"], list),
    });
    expect(matchChoice("ếch", opts)).toEqual({ ok: true, value: "b" });
    expect(matchChoice("xom", opts)).toEqual({ ok: true, value: "c" });
  });

  it("error text lists the options", () => {
    const r = matchChoice("xyz", YES_NO_OPTIONS);
    if (r.ok) expect.unreachable();
    else expect(r.error).toBe('Chưa rõ lựa chọn "xyz". Vui lòng trả lời bằng số thứ tự hoặc tên lựa chọn: 1. Có  2. Không');
  });

  it("no options at all", () => {
    expect(matchChoice("1", [])).toEqual({ ok: false, error: choiceMsg.noOptions });
  });

  it("a number beyond the list still matches a numeric label", () => {
    const opts: ChoiceOption<string>[] = [
      { value: "few", label: "5" },
      { value: "many", label: "10" },
    ];
    expect(matchChoice("10", opts)).toEqual({ ok: true, value: "many" });
    expect(matchChoice("2", opts)).toEqual({ ok: true, value: "many" }); // position wins
  });
});

describe("parseYesNo", () => {
  it.each([
    ["Có", true],
    ["có", true],
    ["CÓ", true],
    ["co", true],
    ["c", true],
    ["1", true],
    ["đúng", true],
    ["phải", true],
    ["ok", true],
    ["OK", true],
    ["yes", true],
    ["y", true],
    ["rồi", true],
    ["đã", true],
    ["Có.", true],
    ["dạ có", true],
    ["có ạ", true],
    ["vâng", true],
    ["Không", false],
    ["không", false],
    ["khong", false],
    ["ko", false],
    ["k", false],
    ["kg", false],
    ["no", false],
    ["n", false],
    ["sai", false],
    ["chưa", false],
    ["2", false],
    ["số 2", false],
    ["Không ạ", false],
    ["Dạ, không", false],
    ["2. Không", false],
  ])("%j → %s", (input, expected) => {
    expect(parseYesNo(input)).toEqual({ ok: true, value: expected });
  });

  it.each(["", "3", "có không", "maybe", "x", "khong co"])("rejects %j", (input) => {
    const r = parseYesNo(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain("1. Có  2. Không");
  });

  it("options are as specified", () => {
    expect(YES_NO_OPTIONS.map((o) => [o.value, o.label])).toEqual([
      ["yes", "Có"],
      ["no", "Không"],
    ]);
  });
});

describe("matchChoice properties", () => {
  const labels = fc.uniqueArray(fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }).filter((l) => !/\d/.test(l)), {
    minLength: 1,
    maxLength: 9,
    selector: (s) => s.toLowerCase(),
  });

  it("every option is reachable by its number", () => {
    fc.assert(
      fc.property(labels, (ls) => {
        const opts = ls.map((label, i) => ({ value: `v${i}`, label }));
        opts.forEach((o, i) => {
          expect(matchChoice(String(i + 1), opts)).toEqual({ ok: true, value: o.value });
          expect(matchChoice(`số ${i + 1}`, opts)).toEqual({ ok: true, value: o.value });
        });
        expect(matchChoice(String(opts.length + 1), opts)).toEqual({
          ok: false,
          error: choiceMsg.numberOutOfRange(String(opts.length + 1), opts.length, formatOptionList(ls)),
        });
      }),
    );
  });

  it("never throws; ok values are one of the options", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), labels, (s, ls) => {
        const opts = ls.map((label, i) => ({ value: `v${i}`, label }));
        const r = matchChoice(s, opts);
        if (r.ok) expect(opts.map((o) => o.value)).toContain(r.value);
        else expect(r.error.length).toBeGreaterThan(0);
        const yn = parseYesNo(s);
        expect(typeof yn.ok).toBe("boolean");
      }),
      { numRuns: 1000 },
    );
  });
});
