import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isComplete, ruleViolations, withDefaults } from "../../src/domain/forms/engine.js";
import { FORMS } from "../../src/domain/forms/index.js";
import { advanceSession, applySessionDelta, sessionDelta, startSession, type FormSession, type SessionInput, type SessionScope } from "../../src/domain/forms/session.js";
import type { FormContext, ReportKind } from "../../src/domain/forms/types.js";

const ctx: FormContext = {
  today: "2024-12-15",
  term: { electionDate: "2024-12-15", windowStart: "2024-12-15", windowEnd: "2025-01-15", turnoutThreshold: 0.5, majorityThreshold: 0.5, quorumThreshold: 2 / 3 },
  electedChiefName: "Nguyễn Thị Hoa",
};
const scopeOf = (kind: ReportKind): SessionScope => ({ form: FORMS[kind], ctx, unitLabel: "Thôn <Nà> & Ếch" });

/** Answers a real user might send, good and bad, for both forms. */
const TEXTS = [
  "300\n280\n250", "300\n320\n250", "300 280 250", "abc", "", "Nguyễn Thị Hoa, nữ, 1978", "Hoa", "1", "2", "3", "4", "9",
  "chính thức", "đại học", "tái cử", "có", "không", "hôm nay", "25\n23", "25\n30", "Nguyễn Thị Hoa, 95,5%", "Lý Văn Bình", "3\n1",
  "lưu", "sửa", "quay lại", "hủy", "Bỏ qua", "/tiendo", "<b>&", "ok",
];

const input: fc.Arbitrary<(s: FormSession) => SessionInput> = fc.oneof(
  fc.constantFrom(...TEXTS).map((text) => () => ({ kind: "text" as const, text, updateId: 1 })),
  fc.nat(6).map((index) => (s: FormSession) => ({ kind: "button" as const, question: s.question, index, updateId: 2 })),
  fc.integer({ min: -3, max: -1 }).map((back) => (s: FormSession) => ({ kind: "button" as const, question: s.question + back, index: 0, updateId: 3 })),
  fc.constant(() => ({ kind: "photo" as const, fileId: "photo-1", updateId: 4 })),
  fc.constant(() => ({ kind: "other" as const })),
);

describe("form session (the report dialogue as data)", { timeout: 60_000 }, () => {
  it("never throws, numbers every question anew, ignores stale buttons, logs changes losslessly and saves only a complete, valid report", () => {
    fc.assert(
      fc.property(fc.constantFrom<ReportKind>("election", "congress"), fc.boolean(), fc.array(input, { maxLength: 60 }), (kind, edit, inputs) => {
        const scope = scopeOf(kind);
        let { session, prompt } = startSession(scope, { answers: withDefaults(scope.form, {}, ctx), photoFileId: null, edit, questionsAsked: 2 });
        expect(prompt.question).toBe(3);
        expect(session.buttons).toEqual(prompt.buttons.map((b) => b.typed));
        for (const make of inputs) {
          const sent = make(session);
          const step = advanceSession(scope, session, sent);
          if (step.next === "cancel") return;
          if (step.next === "save") {
            expect(isComplete(scope.form, step.session.answers)).toBe(true);
            expect(ruleViolations(scope.form, step.session.answers, ctx)).toEqual([]);
            return;
          }
          if (sent.kind === "button" && sent.question !== session.question) {
            expect(step.staleButton).toBe(true);
            expect(step.session).toBe(session);
          }
          if (step.prompt) {
            expect(step.prompt.question).toBe(session.question + 1);
            expect(step.session.buttons).toEqual(step.prompt.buttons.map((b) => b.typed));
            // Whatever the user typed is escaped: no raw "<b>&" from the input reaches the HTML.
            expect(step.prompt.html).not.toContain("<b>&");
          } else {
            expect(step.session.question).toBe(session.question);
          }
          // The replay log keeps only what changed; folding it back gives the same session.
          expect(applySessionDelta(session, sessionDelta(session, step.session))).toEqual(step.session);
          session = step.session;
        }
      }),
      { numRuns: 400 },
    );
  });

  it("takes a pressed button exactly as its typed meaning", () => {
    const scope = scopeOf("election");
    const start = startSession(scope, { answers: withDefaults(scope.form, {}, ctx), photoFileId: null, edit: false, questionsAsked: 0 });
    const session = answer(scope, start.session, ["300\n280\n250", "Nguyễn Thị Hoa, nữ, 1978"]);
    expect(session.buttons.length).toBeGreaterThan(1);
    session.buttons.forEach((typed, index) => {
      const pressed = advanceSession(scope, session, { kind: "button", question: session.question, index, updateId: 9 });
      const typedIn = advanceSession(scope, session, { kind: "text", text: typed, updateId: 9 });
      expect(pressed).toEqual(typedIn);
    });
  });

  it("asks a correction's reason after Lưu and saves with it; Bỏ qua saves without", () => {
    const scope = scopeOf("congress");
    const start = startSession(scope, { answers: {}, photoFileId: null, edit: true, questionsAsked: 0 });
    const session = answer(scope, start.session, ["hôm nay", "25\n23", "Nguyễn Thị Hoa, 95,5%", "1", "1", "2", "Lý Văn Bình", "3\n1"]);
    expect(session.at.kind).toBe("readBack");
    const asked = advanceSession(scope, session, { kind: "text", text: "lưu", updateId: 41 });
    if (asked.next !== "ask") throw new Error("expected the reason question");
    expect(asked.prompt?.buttons.map((b) => b.label)).toEqual(["Bỏ qua"]);
    expect(advanceSession(scope, asked.session, { kind: "text", text: " Sai số phiếu ", updateId: 42 })).toMatchObject({ next: "save", submissionUpdateId: 41, reason: "Sai số phiếu" });
    expect(advanceSession(scope, asked.session, { kind: "text", text: "bo qua", updateId: 42 })).toMatchObject({ next: "save", reason: null });
  });
});

/** The session after these typed answers, each of which must be accepted. */
function answer(scope: SessionScope, session: FormSession, texts: string[]): FormSession {
  for (const text of texts) {
    const step = advanceSession(scope, session, { kind: "text", text, updateId: 1 });
    if (step.next !== "ask" || step.session.tries !== 0) throw new Error(`"${text}" was not accepted: ${step.next === "ask" ? step.prompt?.html : step.next}`);
    session = step.session;
  }
  return session;
}
