import { sql } from "drizzle-orm";
import type { Figures } from "../src/domain/coverage.js";
import {
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

// Times are epoch milliseconds; calendar days are ISO "YYYY-MM-DD" in Asia/Ho_Chi_Minh.
const createdAt = () =>
  integer("created_at")
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

/**
 * The unit registry. The hierarchy is data: `path` is the chain of ids from the
 * root ("/1/7/42/"), so "X is inside Y's subtree" is a prefix test and subtree
 * queries use one indexed LIKE.
 */
export const units = sqliteTable(
  "units",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    code: text("code").notNull().unique(),
    name: text("name").notNull(),
    /** Vietnamese type word as written in the registry: "xã", "thôn", "khu phố"… */
    type: text("type").notNull(),
    level: text("level", { enum: ["province", "district", "commune", "hamlet"] }).notNull(),
    parentId: integer("parent_id").references((): any => units.id),
    path: text("path").notNull(),
    /** Folded (lowercase, no diacritics) name for search. */
    searchName: text("search_name").notNull(),
  },
  (t) => [
    index("units_parent_idx").on(t.parentId),
    index("units_path_idx").on(t.path),
    index("units_level_idx").on(t.level),
  ],
);

export const terms = sqliteTable("terms", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  electionDate: text("election_date").notNull(),
  congressDeadline: text("congress_deadline").notNull(),
  /** Reports dated outside [windowStart, windowEnd] are refused. */
  windowStart: text("window_start").notNull(),
  windowEnd: text("window_end").notNull(),
  /** Strictly more than this share of voters must take part. */
  turnoutThreshold: real("turnout_threshold").notNull().default(0.5),
  /** The winner needs strictly more than this share of participants' votes. */
  majorityThreshold: real("majority_threshold").notNull().default(0.5),
  /** At least this share of summoned members must attend a congress. */
  quorumThreshold: real("quorum_threshold").notNull().default(2 / 3),
  active: integer("active", { mode: "boolean" }).notNull().default(false),
  /** Extra digest times ("09:00,11:00") on the election day and the congress deadline. */
  bigDayDigestTimes: text("big_day_digest_times"),
  createdAt: createdAt(),
});

export const people = sqliteTable("people", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  fullName: text("full_name").notNull(),
  createdAt: createdAt(),
});

/** A messenger account of a person (the same person may later also use Zalo). */
export const accounts = sqliteTable(
  "accounts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    channel: text("channel", { enum: ["telegram", "zalo"] }).notNull(),
    externalId: text("external_id").notNull(),
    /** Where to send messages to this account (private chat id on Telegram). */
    chatId: text("chat_id").notNull(),
    displayName: text("display_name"),
    blockedAt: integer("blocked_at"),
    /** When this account last wrote to the bot (written at most once a minute per account). */
    lastSeenAt: integer("last_seen_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("accounts_channel_external_idx").on(t.channel, t.externalId)],
);

export const roles = sqliteTable(
  "roles",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    role: text("role", { enum: ["reporter", "staff", "leader", "admin"] }).notNull(),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("roles_person_role_unit_idx").on(t.personId, t.role, t.unitId),
    index("roles_unit_idx").on(t.unitId),
  ],
);

/** One-time invite codes; only a hash is stored so the database never holds a usable code. */
export const invites = sqliteTable(
  "invites",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    codeHash: text("code_hash").notNull().unique(),
    role: text("role", { enum: ["reporter", "staff", "leader", "admin"] }).notNull(),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id),
    personName: text("person_name"),
    /** Set on a link code (/lienket): the account that redeems it joins this person, with the roles they already hold. */
    personId: integer("person_id").references(() => people.id),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    usedByAccountId: integer("used_by_account_id").references(() => accounts.id),
    createdAt: createdAt(),
  },
);

/** Wrong invite codes per account, for the 5-per-hour limit. */
export const inviteFailures = sqliteTable(
  "invite_failures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    channel: text("channel").notNull(),
    externalId: text("external_id").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("invite_failures_account_idx").on(t.channel, t.externalId, t.at)],
);

/** Update ids already handled, so a re-delivered update is never processed twice. */
export const processedUpdates = sqliteTable("processed_updates", {
  key: text("key").primaryKey(),
  at: integer("at").notNull(),
});

/** grammY conversations v2 state, one row per storage key (chat). */
export const conversationStates = sqliteTable("conversation_states", {
  key: text("key").primaryKey(),
  state: text("state").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * One row per (term, hamlet, report kind): the head that points at the current
 * version. Figures read the head; history lives in report_versions.
 */
export const reports = sqliteTable(
  "reports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    termId: integer("term_id")
      .notNull()
      .references(() => terms.id),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id),
    kind: text("kind", { enum: ["election", "congress"] }).notNull(),
    currentVersionId: integer("current_version_id"),
    outcome: text("outcome", { enum: ["valid", "revote", "not_quorate"] }).notNull(),
    /** Set when a second official reported different values; cleared by a staff correction. */
    conflictVersionId: integer("conflict_version_id"),
    versionCount: integer("version_count").notNull().default(1),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("reports_term_unit_kind_idx").on(t.termId, t.unitId, t.kind),
    index("reports_unit_idx").on(t.unitId),
  ],
);

export const reportVersions = sqliteTable(
  "report_versions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    reportId: integer("report_id")
      .notNull()
      .references(() => reports.id),
    version: integer("version").notNull(),
    /** The form's answers as JSON, keyed by field key. */
    data: text("data").notNull(),
    outcome: text("outcome", { enum: ["valid", "revote", "not_quorate"] }).notNull(),
    authorPersonId: integer("author_person_id")
      .notNull()
      .references(() => people.id),
    channel: text("channel").notNull(),
    reason: text("reason"),
    photoFileId: text("photo_file_id"),
    /** The submission's idempotency key: a re-delivered final update never saves twice. */
    submissionKey: text("submission_key").notNull().unique(),
    createdAt: integer("created_at").notNull(),
    /** Commune sign-off of this version: pending until staff confirm or return it. */
    reviewStatus: text("review_status", { enum: ["pending", "confirmed", "returned"] }).notNull().default("pending"),
    reviewedByPersonId: integer("reviewed_by_person_id").references(() => people.id),
    reviewedAt: integer("reviewed_at"),
    reviewNote: text("review_note"),
  },
  (t) => [uniqueIndex("report_versions_report_version_idx").on(t.reportId, t.version)],
);

/** A person's choice about the daily digest (leaders receive it unless they turn it off). */
export const digestPrefs = sqliteTable("digest_prefs", {
  personId: integer("person_id")
    .primaryKey()
    .references(() => people.id),
  enabled: integer("enabled", { mode: "boolean" }).notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/** Group chats registered (/dangkynhom) to receive the digest of a unit. */
export const groupChats = sqliteTable("group_chats", {
  chatId: text("chat_id").primaryKey(),
  unitId: integer("unit_id")
    .notNull()
    .references(() => units.id),
  title: text("title"),
  registeredByPersonId: integer("registered_by_person_id")
    .notNull()
    .references(() => people.id),
  blockedAt: integer("blocked_at"),
  createdAt: createdAt(),
});

/**
 * Every scheduled message (digest, reminder, escalation) per recipient and
 * slot: the row is written before sending, so a restart never sends twice.
 */
export const deliveries = sqliteTable(
  "deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: ["digest", "reminder", "escalation"] }).notNull(),
    /** "2024-12-15T17:00", "2024-12-14:election-before", "manual:2024-12-15"… */
    slot: text("slot").notNull(),
    /** Where it goes: "chat:<telegram chat id>". */
    recipient: text("recipient").notNull(),
    status: text("status", { enum: ["pending", "sent", "blocked", "failed"] }).notNull(),
    late: integer("late", { mode: "boolean" }).notNull().default(false),
    attempts: integer("attempts").notNull().default(0),
    detail: text("detail"),
    createdAt: integer("created_at").notNull(),
    sentAt: integer("sent_at"),
  },
  (t) => [uniqueIndex("deliveries_kind_slot_recipient_idx").on(t.kind, t.slot, t.recipient)],
);

/** Figures of a unit at each digest, for "change since the previous digest". */
export const digestSnapshots = sqliteTable(
  "digest_snapshots",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id),
    termId: integer("term_id")
      .notNull()
      .references(() => terms.id),
    slot: text("slot").notNull(),
    electionReported: integer("election_reported").notNull(),
    congressReported: integer("congress_reported").notNull(),
    finished: integer("finished").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("digest_snapshots_unit_term_slot_idx").on(t.unitId, t.termId, t.slot)],
);

/**
 * The figures of a hamlet or of a unit (src/domain/coverage.ts `Figures`): status counters and
 * indicator sums. Counts are integers; sums of answered values and vote shares are reals.
 */
function figureColumns() {
  const count = (name: string) => integer(name).notNull().default(0);
  const total = (name: string) => real(name).notNull().default(0);
  return {
    electionReported: count("election_reported"),
    electionRevote: count("election_revote"),
    electionConflict: count("election_conflict"),
    congressReported: count("congress_reported"),
    congressNotQuorate: count("congress_not_quorate"),
    congressConflict: count("congress_conflict"),
    finished: count("finished"),
    electionConfirmed: count("election_confirmed"),
    congressConfirmed: count("congress_confirmed"),
    elections: count("elections"),
    congresses: count("congresses"),
    secretaryIsChief: count("secretary_is_chief"),
    secretaryIsChiefAnswered: count("secretary_is_chief_answered"),
    secretaryNew: count("secretary_new"),
    secretaryReelected: count("secretary_reelected"),
    secretaryTenureAnswered: count("secretary_tenure_answered"),
    chiefUniversity: count("chief_university"),
    chiefCollege: count("chief_college"),
    chiefEducationAnswered: count("chief_education_answered"),
    chiefTheoryIntermediatePlus: count("chief_theory_intermediate_plus"),
    chiefTheoryAnswered: count("chief_theory_answered"),
    chiefUnder40: count("chief_under_40"),
    chiefBirthYearAnswered: count("chief_birth_year_answered"),
    chiefWomen: count("chief_women"),
    chiefGenderAnswered: count("chief_gender_answered"),
    committeeWomen: total("committee_women"),
    committeeSize: total("committee_size"),
    turnoutSum: total("turnout_sum"),
    turnoutReports: count("turnout_reports"),
    secretaryShareMin: real("secretary_share_min"),
    secretaryShareMax: real("secretary_share_max"),
    secretaryShareReports: count("secretary_share_reports"),
    chiefShareMin: real("chief_share_min"),
    chiefShareMax: real("chief_share_max"),
    chiefShareReports: count("chief_share_reports"),
  } satisfies Record<keyof Figures, unknown>;
}

/**
 * (hamlet_figures and unit_figures are created WITHOUT ROWID in migration 0002: read by primary
 * key only, one b-tree lookup instead of two. drizzle-kit does not express that; keep it if the
 * tables are ever recreated.)
 *
 * Per (term, hamlet): the figures of the hamlet's current reports, rewritten in the same
 * transaction as every report save, correction, conflict and sign-off of that hamlet.
 * Independent of the registry.
 */
export const hamletFigures = figuresTable("hamlet_figures");

/**
 * Per (term, unit above the hamlets): the combined figures of the hamlets of its subtree,
 * recomputed from its children's rows, deepest ancestor first, whenever a hamlet's row
 * changes. Status queries read these instead of every report of the subtree.
 */
export const unitFigures = figuresTable("unit_figures");

/** A figures table: one row per (term, unit), the same columns at every level so they add up. */
function figuresTable<N extends string>(name: N) {
  return sqliteTable(
    name,
    {
      termId: integer("term_id")
        .notNull()
        .references(() => terms.id),
      unitId: integer("unit_id")
        .notNull()
        .references(() => units.id),
      ...figureColumns(),
    },
    (t) => [primaryKey({ columns: [t.termId, t.unitId] })],
  );
}

/** Hamlets of the registry in each unit's subtree (units above the hamlets that have any). */
export const unitSizes = sqliteTable("unit_sizes", {
  unitId: integer("unit_id")
    .primaryKey()
    .references(() => units.id),
  hamlets: integer("hamlets").notNull(),
});

/**
 * One row (id 1). Triggers on `units` (migration 0002) bump `registryVersion` whenever a unit
 * is added, removed, moved, renamed or changes level; unit_figures and unit_sizes are valid for
 * `builtVersion` and are rebuilt from hamlet_figures when the two differ.
 */
export const figuresState = sqliteTable("figures_state", {
  id: integer("id").primaryKey(),
  registryVersion: integer("registry_version").notNull().default(0),
  builtVersion: integer("built_version").notNull().default(0),
});

/**
 * One row (id 1) that the running bot rewrites every minute: /healthz proves the database
 * writable with it, and `cli restore` refuses to replace the database while it is fresh.
 */
export const heartbeat = sqliteTable("heartbeat", {
  id: integer("id").primaryKey(),
  at: integer("at").notNull(),
  pid: integer("pid").notNull(),
  host: text("host").notNull(),
});

export const AUDIT_ACTIONS = [
  "invite_created",
  "invite_used",
  "role_granted",
  "role_revoked",
  "report_confirmed",
  "report_returned",
  "export",
  "backup",
  "restore",
] as const;

/** Who did what to whom, when and from where (a messenger or the CLI): the operator's audit trail. */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at").notNull(),
    action: text("action", { enum: AUDIT_ACTIONS }).notNull(),
    /** Who did it; null for the CLI (the operator at the server). */
    actorPersonId: integer("actor_person_id").references(() => people.id),
    /** "telegram", "zalo" or "cli". */
    channel: text("channel").notNull(),
    unitId: integer("unit_id").references(() => units.id),
    /** The person it was done to (invite used, role granted or revoked). */
    subjectPersonId: integer("subject_person_id").references(() => people.id),
    role: text("role", { enum: ["reporter", "staff", "leader", "admin"] }),
    detail: text("detail"),
  },
  (t) => [index("audit_events_at_idx").on(t.at), index("audit_events_unit_idx").on(t.unitId)],
);
