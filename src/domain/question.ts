/**
 * What to do with a staff question, decided once for the bot, the tests and
 * the evaluation (scripts/eval-questions.ts): answer about one unit, answer for
 * the asker's own scope, or ask back with numbered choices — never answer about
 * a place the user did not name exactly. And how a typed reply to such a
 * choice is read (a number, the words of a choice, "có" / "không"), since the
 * same bot runs where there are no buttons.
 *
 * Pure: no database, no grammY.
 */
import { choiceMsg, formatOptionList } from "./catalog/parse.js";
import { questionMsg } from "./catalog/status.js";
import { matchUnit, parseQuestion, phraseAsTyped, phraseWithNextWord, type Intent, type UnitCandidate, type UnitMatch } from "./intent.js";
import { matchChoice, YES_NO_OPTIONS, type ChoiceOption } from "./parse/choice.js";
import { foldVietnamese } from "./text.js";
import { SELF_REFERENCES } from "./vocabulary.js";

export type AnswerIntent = Exclude<Intent, "help">;

export type QuestionResolution =
  /** Not a question for this bot, or only a name that matches nothing: the caller says "not understood". */
  | { kind: "notQuestion" }
  /** Exactly one unit has the name typed: answer about it. */
  | { kind: "unit"; intent: AnswerIntent; unit: UnitCandidate }
  /**
   * No unit named: answer for the asker's own scope. `unrecognised`: words that
   * looked like a place and matched nothing in scope, as typed — say so above the answer.
   */
  | { kind: "scope"; intent: AnswerIntent; unrecognised?: string }
  /**
   * Ask back before answering: several units have exactly this name ("several"),
   * or only close names exist ("close": a typo, part of a name). `typed` is the phrase as typed.
   */
  | { kind: "ask"; intent: AnswerIntent; reason: "several" | "close"; typed: string; units: UnitCandidate[] };

/** How good a match is: an exact name, several exact names, a close name, part of a name, nothing. */
function quality(m: UnitMatch): number {
  if (m.kind === "one") return 4;
  if (m.kind === "many") return 3;
  if (m.kind === "fuzzy") return m.close ? 2 : 1;
  return 0;
}

/** "tiến độ thôn mình": the rest of the phrase only points at the asker's own unit. */
function isSelfReference(phrase: string): boolean {
  const words = phrase.split(" ");
  const rest = words.slice(1).join(" ");
  return SELF_REFERENCES.includes(phrase) || (words.length > 1 && SELF_REFERENCES.includes(rest));
}

/**
 * Resolve a free-text question against the units in the asker's scope (the
 * caller passes only those; a function is called only when a unit is named).
 */
export function resolveQuestion(text: string, candidates: readonly UnitCandidate[] | (() => readonly UnitCandidate[])): QuestionResolution {
  const question = parseQuestion(text);
  if (question.intent === "help") return { kind: "notQuestion" };
  const intent = question.intent;
  const phrase = question.unitPhrase ?? question.unitQuery;
  if (phrase === undefined) return { kind: "scope", intent };
  const units = typeof candidates === "function" ? candidates() : candidates;
  let typed = phraseAsTyped(text, phrase);
  // The phrase carries its type word: its level guides, a close name of another level may still be offered.
  let match: UnitMatch = matchUnit(typed, undefined, units);
  // Unless the phrase names a unit exactly, other readings of the same words may fit
  // better (the better match wins; the phrase as parsed on a tie):
  //  - a name that ends in a word read as a particle: "thôn Ngàn Nhì", "xã Bằng Cả";
  //  - a name whose typo reads as an abbreviation: "H Phong" (Hà Phong), not "huyện Phong".
  if (match.kind !== "one") {
    const alternatives: string[] = [];
    const longer = phraseWithNextWord(text, phrase);
    if (longer !== undefined) alternatives.push(longer);
    const plain = parseQuestion(text, { abbreviations: false });
    const plainPhrase = plain.unitPhrase ?? plain.unitQuery;
    if (plainPhrase !== undefined && plainPhrase !== phrase) alternatives.push(phraseAsTyped(text, plainPhrase));
    for (const other of alternatives) {
      const m = matchUnit(other, undefined, units);
      if (quality(m) > quality(match)) {
        typed = other;
        match = m;
      }
    }
  }
  switch (match.kind) {
    case "one":
      return { kind: "unit", intent, unit: match.unit };
    case "many":
      return { kind: "ask", intent, reason: "several", typed, units: match.units };
    case "fuzzy":
      return { kind: "ask", intent, reason: "close", typed, units: match.units };
    case "none":
      // Text that was only a name matching no unit was not a question at all.
      if (question.onlyUnitName) return { kind: "notQuestion" };
      if (isSelfReference(phrase)) return { kind: "scope", intent };
      return { kind: "scope", intent, unrecognised: typed };
  }
}

// ---------------------------------------------------------------------------
// Choices asked back, and typed replies to them

/** What a typed reply to a unit choice means. */
export type ChoiceReply =
  | { kind: "unit"; index: number }
  | { kind: "no" }
  /** Looks like an answer to the choice but fits none: say why (plain text, escape before HTML). */
  | { kind: "unclear"; error: string }
  /** Not an answer to the choice (a command, a new question): handle it as a new message. */
  | { kind: "other" };

/**
 * The numbered lines under a choice, as shown and as they may be typed: a single
 * close name is confirmed with "1. Có / 2. Không"; several names are listed,
 * close ones followed by "Không phải các đơn vị trên".
 */
export function choiceOptions(labels: readonly string[], reason: "several" | "close"): ChoiceOption<string>[] {
  const [yes, no] = YES_NO_OPTIONS;
  if (reason === "close" && labels.length === 1) {
    return [
      { value: "0", label: yes!.label, aliases: [...(yes!.aliases ?? []), "dung roi", "phai roi", "u", "uh", "um", foldVietnamese(labels[0]!)] },
      { value: "no", label: no!.label, aliases: noAliases },
    ];
  }
  const units = labels.map((label, i) => ({ value: String(i), label }));
  return reason === "close" ? [...units, { value: "no", label: questionMsg.noneOfThese, aliases: noAliases }] : units;
}

/** "không", "không phải", "sai": none of the choices. */
const noAliases = [...(YES_NO_OPTIONS[1]!.aliases ?? []), foldVietnamese(YES_NO_OPTIONS[1]!.label), "khong phai", "sai roi"];

/** Read a typed reply to a unit choice (see {@link choiceOptions}); "không" declines any of them. */
export function readChoiceReply(text: string, labels: readonly string[], reason: "several" | "close"): ChoiceReply {
  const trimmed = text.trim();
  if (trimmed.startsWith("/")) return { kind: "other" };
  const options = choiceOptions(labels, reason);
  // "có" answers a yes/no question only: among names it would pick one by its letters ("Cô Tô").
  if (options.length !== 2 || options[0]!.label !== YES_NO_OPTIONS[0]!.label) {
    const yes = matchChoice(trimmed, [YES_NO_OPTIONS[0]!]);
    if (yes.ok && !/\d/.test(trimmed)) return { kind: "unclear", error: choiceMsg.notFound(trimmed, formatOptionList(options.map((o) => o.label))) };
  }
  const parsed = matchChoice(trimmed, options);
  if (parsed.ok) return parsed.value === "no" ? { kind: "no" } : { kind: "unit", index: Number(parsed.value) };
  if (noAliases.includes(foldVietnamese(trimmed).replace(/[.!?]+$/, ""))) return { kind: "no" };
  // A new question (two words or more, not a yes or no) is not an answer to this one.
  const words = foldVietnamese(trimmed).split(/[^a-z0-9]+/).filter(Boolean);
  const yesOrNo = matchChoice(trimmed, choiceOptions([""], "close")).ok;
  if (words.length >= 2 && !yesOrNo && parseQuestion(trimmed).intent !== "help") return { kind: "other" };
  return { kind: "unclear", error: parsed.error };
}
