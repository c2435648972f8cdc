import { formMsg } from "../catalog/report.js";
import { compareIso, formatDateVi } from "../parse/date.js";
import { formatCount } from "../parse/number.js";
import type { Answers, FieldSpec, FormContext, RuleSpec } from "./types.js";

/** Rule builders shared by the forms: each names the values in conflict. */
export function notAbove(small: FieldSpec, big: FieldSpec): RuleSpec {
  return {
    id: `${small.key}<=${big.key}`,
    fields: [small.key, big.key],
    check: (a: Answers) =>
      (a[small.key] as number) > (a[big.key] as number)
        ? formMsg.exceeds(small.label, formatCount(a[small.key] as number), big.label, formatCount(a[big.key] as number))
        : undefined,
  };
}

export function positive(field: FieldSpec): RuleSpec {
  return {
    id: `${field.key}>0`,
    fields: [field.key],
    check: (a: Answers) => ((a[field.key] as number) > 0 ? undefined : formMsg.mustBePositive(field.label)),
  };
}

/** Inside the term's window and not in the future. */
export function dateInTerm(field: FieldSpec): RuleSpec {
  return {
    id: `${field.key}:in-term`,
    fields: [field.key],
    check: (a: Answers, ctx: FormContext) => {
      const date = a[field.key] as string;
      if (compareIso(date, ctx.today) > 0) return formMsg.inFuture(field.label, formatDateVi(date));
      if (compareIso(date, ctx.term.windowStart) < 0 || compareIso(date, ctx.term.windowEnd) > 0) {
        return formMsg.outsideWindow(field.label, formatDateVi(date), formatDateVi(ctx.term.windowStart), formatDateVi(ctx.term.windowEnd));
      }
      return undefined;
    },
  };
}
