import type { ChoiceOption } from "../parse/choice.js";
import type { Parsed } from "../parse/result.js";

export type ReportKind = "election" | "congress";
export type Outcome = "valid" | "revote" | "not_quorate";

/** count: whole number · percent: 0–100 · year: birth year · optionalName: a name or "không có" · text: free text (a note). */
export type FieldKind = "count" | "percent" | "date" | "name" | "optionalName" | "year" | "choice" | "yesno" | "text";

export type AnswerValue = string | number | boolean | null;
export type Answers = Record<string, AnswerValue>;

export interface FieldSpec {
  key: string;
  kind: FieldKind;
  /** Short label: read-back line, quick-form key, export column header. */
  label: string;
  /** The question when this field is asked alone (read-back edit). */
  question: string;
  options?: readonly ChoiceOption<string>[];
  /** Other spellings accepted as the quick-form key. */
  aliases?: readonly string[];
  /** A parser of its own instead of its kind's (the kind still decides buttons, read-back and export). */
  read?: (raw: string) => Parsed<AnswerValue>;
  /**
   * Optional and never asked in the dialogue (in no step): filled from the quick
   * form or through "Sửa mục" at the read-back; shown only when it has a value.
   */
  optional?: true;
}

/** The thresholds and window of the active term that the rules read. */
export interface TermRules {
  electionDate: string;
  windowStart: string;
  windowEnd: string;
  turnoutThreshold: number;
  majorityThreshold: number;
  quorumThreshold: number;
}

/** What the rules and questions may depend on besides the answers. */
export interface FormContext {
  today: string;
  term: TermRules;
  /** The hamlet's elected chief (current election report), for the congress's secretary = chief proposal. */
  electedChiefName?: string | null;
}

/** One turn of the dialogue: one question that may ask for several fields at once. */
export interface StepSpec {
  id: string;
  fields: readonly string[];
  question: string | ((ctx: FormContext, answers: Answers) => string);
  /** Skip this step in the dialogue (the field gets `defaults`' value and shows in the read-back). */
  skipWhen?: (ctx: FormContext) => boolean;
}

/** A cross-field consistency rule: returns the Vietnamese complaint naming the values, or undefined. */
export interface RuleSpec {
  id: string;
  fields: readonly string[];
  check: (answers: Answers, ctx: FormContext) => string | undefined;
}

export interface FormSpec {
  kind: ReportKind;
  /** "bầu cử trưởng thôn" */
  title: string;
  /** First line of the quick form; a message starting with it is recognised as one. */
  quickFormHeading: string;
  fields: readonly FieldSpec[];
  steps: readonly StepSpec[];
  rules: readonly RuleSpec[];
  /** Values filled without asking when a step is skipped. */
  defaults?: (ctx: FormContext) => Answers;
  /** Counted or not; `reason` explains a result that does not count. */
  outcome: (answers: Answers, ctx: FormContext) => { outcome: Outcome; reason?: string };
}
