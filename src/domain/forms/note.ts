import { noteMsg } from "../catalog/report.js";
import type { FieldSpec } from "./types.js";

/**
 * The free-text note of both reports ("Ghi chú: …" in the quick form): kept
 * with the version's answers, shown in the read-back, /xem and the export;
 * optional and in no dialogue step, so it adds no question.
 */
export const noteField: FieldSpec = {
  key: "note",
  kind: "text",
  label: noteMsg.label,
  question: noteMsg.question,
  aliases: ["ghi chu them", "luu y", "note"],
  optional: true,
};

/** Longest note kept, in characters (code points); the rest is cut. */
export const NOTE_MAX = 1000;
