import { congressForm } from "./congress.js";
import { electionForm } from "./election.js";
import type { FormSpec, ReportKind } from "./types.js";

export const FORMS: Record<ReportKind, FormSpec> = { election: electionForm, congress: congressForm };
export const FORM_LIST: readonly FormSpec[] = [electionForm, congressForm];
export { congressForm, electionForm };
export type * from "./types.js";
