import { formMsg } from "../catalog/report.js";
import { matchChoice, parseYesNo } from "../parse/choice.js";
import { formatDateVi, parseDate } from "../parse/date.js";
import { parsePersonName } from "../parse/name.js";
import { formatCount, parseCount } from "../parse/number.js";
import { formatPercent, parsePercent } from "../parse/percent.js";
import { fail, ok, type Parsed } from "../parse/result.js";
import { foldVietnamese } from "../text.js";
import type { AnswerValue, FieldSpec, FormContext } from "./types.js";

const NONE_WORDS = new Set(["khong", "khong co", "ko", "k", "chua co", "chua", "-", "khong bau"]);
export const MIN_AGE = 18;

/** One parser per field kind: chat, quick form and import all go through here. */
export function parseFieldValue(field: FieldSpec, raw: string, ctx: FormContext): Parsed<AnswerValue> {
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
