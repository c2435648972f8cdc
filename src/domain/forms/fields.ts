import { formMsg } from "../catalog/report.js";
import { matchChoice, parseYesNo } from "../parse/choice.js";
import { formatDateVi, parseDate } from "../parse/date.js";
import { parsePersonName } from "../parse/name.js";
import { formatCount, parseCount } from "../parse/number.js";
import { formatPercent, parsePercent } from "../parse/percent.js";
import { fail, ok, type Parsed } from "../parse/result.js";
import { normalizeInput } from "../parse/width.js";
import { foldVietnamese } from "../text.js";
import { NOTE_MAX } from "./note.js";
import type { AnswerValue, FieldSpec, FormContext } from "./types.js";

const NONE_WORDS = new Set(["khong", "khong co", "ko", "k", "chua co", "chua", "-", "khong bau"]);
export const MIN_AGE = 18;

/** A free-text note: "không" / "-" for none; cut (never refused) beyond NOTE_MAX characters. */
function parseNote(raw: string): Parsed<AnswerValue> {
  if (raw === "" || NONE_WORDS.has(foldVietnamese(raw))) return ok(null);
  const chars = Array.from(raw);
  return ok(chars.length > NOTE_MAX ? `${chars.slice(0, NOTE_MAX - 1).join("")}…` : raw);
}

/** One parser per field kind (or the field's own): chat, quick form and import all go through here. */
export function parseFieldValue(field: FieldSpec, input: string, ctx: FormContext): Parsed<AnswerValue> {
  // Full-width digits and punctuation ("１２４５") read as ASCII (NFKC), spaces collapsed.
  const raw = normalizeInput(input);
  if (field.read) return field.read(raw);
  switch (field.kind) {
    case "count":
      return parseCount(raw);
    case "percent":
      return parsePercent(raw);
    case "date":
      return parseDate(raw, ctx.today);
    case "name":
      return parsePersonName(raw);
    case "optionalName":
      return NONE_WORDS.has(foldVietnamese(raw)) ? ok(null) : parsePersonName(raw);
    case "year": {
      const n = parseCount(raw.replace(/\./g, ""));
      if (!n.ok) return fail(formMsg.notAYear(raw));
      const thisYear = Number(ctx.today.slice(0, 4));
      if (n.value < 1900 || n.value > thisYear - MIN_AGE) return fail(formMsg.yearOutOfRange(raw, thisYear - MIN_AGE));
      return ok(n.value);
    }
    case "choice":
      return matchChoice(raw, field.options ?? []);
    case "yesno":
      return parseYesNo(raw);
    case "text":
      return parseNote(raw);
  }
}

/** How a value reads in the read-back and the quick form. */
export function formatFieldValue(field: FieldSpec, value: AnswerValue | undefined): string {
  if (value === undefined) return "…";
  if (value === null) return formMsg.none;
  switch (field.kind) {
    case "count":
      return formatCount(value as number);
    case "percent":
      return formatPercent(value as number);
    case "date":
      return formatDateVi(value as string);
    case "year":
      return String(value);
    case "choice":
      return field.options?.find((o) => o.value === value)?.label ?? String(value);
    case "yesno":
      return value ? "Có" : "Không";
    default:
      return String(value);
  }
}
