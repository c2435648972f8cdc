import { choiceMsg, formatOptionList } from "../catalog/parse.js";
import { PARTY_OPTIONS } from "../forms/options.js";
import { foldVietnamese } from "../text.js";
import { matchChoice } from "./choice.js";
import { fail, ok, type Parsed } from "./result.js";
import { normalizeInput } from "./width.js";

export type PartyStatus = (typeof PARTY_OPTIONS)[number]["value"];

/** Words that name party membership (folded). */
const PARTY_WORDS = ["dang vien", "dang", "dv"];
/** A negation before them: "chưa là đảng viên", "không phải đảng viên", "ngoài Đảng". */
const NEGATIONS = ["khong", "chua", "ko", "k", "kg", "chang", "ngoai"];
/** Words that name a kind of member: after a negation they leave the answer open ("không phải đảng viên dự bị"). */
const KINDS = ["chinh thuc", "du bi"];

const words = (s: string): string[] => s.split(" ").filter(Boolean);

/** Index of the first word of `phrase` in `tokens`, or -1. */
function indexOfPhrase(tokens: readonly string[], phrase: string): number {
  const p = words(phrase);
  for (let i = 0; i + p.length <= tokens.length; i++) if (p.every((w, k) => tokens[i + k] === w)) return i;
  return -1;
}

/**
 * The chief's party status, read as a whole phrase: the options' labels and
 * aliases ("chính thức", "dự bị", "quần chúng", "chưa là đảng viên"…), and
 * "đảng viên" is never a full member when a negation comes before it ("chưa là
 * đảng viên", "không phải là đảng viên" → not a member). A negation together
 * with a kind of member ("không phải đảng viên dự bị") or after the party word
 * leaves the answer open: asked again with the options, never guessed.
 */
export function parsePartyStatus(input: string): Parsed<PartyStatus> {
  const raw = normalizeInput(input);
  const tokens = words(foldVietnamese(raw).replace(/[^a-z0-9]+/g, " "));
  const list = formatOptionList(PARTY_OPTIONS.map((o) => o.label));
  const partyAt = Math.min(...PARTY_WORDS.map((w) => indexOfPhrase(tokens, w)).filter((i) => i >= 0), Number.POSITIVE_INFINITY);
  const negationAt = tokens.findIndex((t) => NEGATIONS.includes(t));
  const kind = KINDS.some((k) => indexOfPhrase(tokens, k) >= 0);
  if (Number.isFinite(partyAt) && negationAt >= 0) {
    // "chưa là đảng viên", "không phải đảng viên": not a member — unless a kind is named too.
    if (negationAt < partyAt && !kind) return ok("none");
    // The whole phrase may still be an option's own wording ("Không phải đảng viên", "đảng viên chưa chính thức").
    const exact = matchChoice(raw, PARTY_OPTIONS);
    if (exact.ok && exact.value !== "full") return exact;
    return fail(choiceMsg.notFound(raw, list));
  }
  const parsed = matchChoice(raw, PARTY_OPTIONS);
  // Any negation left ("không, chính thức"): never read as a full member.
  if (parsed.ok && parsed.value === "full" && negationAt >= 0) return fail(choiceMsg.notFound(raw, list));
  return parsed;
}
