CREATE TABLE `figures_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`registry_version` integer DEFAULT 0 NOT NULL,
	`built_version` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `hamlet_figures` (
	`term_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`election_reported` integer DEFAULT 0 NOT NULL,
	`election_revote` integer DEFAULT 0 NOT NULL,
	`election_conflict` integer DEFAULT 0 NOT NULL,
	`congress_reported` integer DEFAULT 0 NOT NULL,
	`congress_not_quorate` integer DEFAULT 0 NOT NULL,
	`congress_conflict` integer DEFAULT 0 NOT NULL,
	`finished` integer DEFAULT 0 NOT NULL,
	`election_confirmed` integer DEFAULT 0 NOT NULL,
	`congress_confirmed` integer DEFAULT 0 NOT NULL,
	`elections` integer DEFAULT 0 NOT NULL,
	`congresses` integer DEFAULT 0 NOT NULL,
	`secretary_is_chief` integer DEFAULT 0 NOT NULL,
	`secretary_is_chief_answered` integer DEFAULT 0 NOT NULL,
	`secretary_new` integer DEFAULT 0 NOT NULL,
	`secretary_reelected` integer DEFAULT 0 NOT NULL,
	`secretary_tenure_answered` integer DEFAULT 0 NOT NULL,
	`chief_university` integer DEFAULT 0 NOT NULL,
	`chief_college` integer DEFAULT 0 NOT NULL,
	`chief_education_answered` integer DEFAULT 0 NOT NULL,
	`chief_theory_intermediate_plus` integer DEFAULT 0 NOT NULL,
	`chief_theory_answered` integer DEFAULT 0 NOT NULL,
	`chief_under_40` integer DEFAULT 0 NOT NULL,
	`chief_birth_year_answered` integer DEFAULT 0 NOT NULL,
	`chief_women` integer DEFAULT 0 NOT NULL,
	`chief_gender_answered` integer DEFAULT 0 NOT NULL,
	`committee_women` real DEFAULT 0 NOT NULL,
	`committee_size` real DEFAULT 0 NOT NULL,
	`turnout_sum` real DEFAULT 0 NOT NULL,
	`turnout_reports` integer DEFAULT 0 NOT NULL,
	`secretary_share_min` real,
	`secretary_share_max` real,
	`secretary_share_reports` integer DEFAULT 0 NOT NULL,
	`chief_share_min` real,
	`chief_share_max` real,
	`chief_share_reports` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`term_id`, `unit_id`),
	FOREIGN KEY (`term_id`) REFERENCES `terms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `unit_figures` (
	`term_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`election_reported` integer DEFAULT 0 NOT NULL,
	`election_revote` integer DEFAULT 0 NOT NULL,
	`election_conflict` integer DEFAULT 0 NOT NULL,
	`congress_reported` integer DEFAULT 0 NOT NULL,
	`congress_not_quorate` integer DEFAULT 0 NOT NULL,
	`congress_conflict` integer DEFAULT 0 NOT NULL,
	`finished` integer DEFAULT 0 NOT NULL,
	`election_confirmed` integer DEFAULT 0 NOT NULL,
	`congress_confirmed` integer DEFAULT 0 NOT NULL,
	`elections` integer DEFAULT 0 NOT NULL,
	`congresses` integer DEFAULT 0 NOT NULL,
	`secretary_is_chief` integer DEFAULT 0 NOT NULL,
	`secretary_is_chief_answered` integer DEFAULT 0 NOT NULL,
	`secretary_new` integer DEFAULT 0 NOT NULL,
	`secretary_reelected` integer DEFAULT 0 NOT NULL,
	`secretary_tenure_answered` integer DEFAULT 0 NOT NULL,
	`chief_university` integer DEFAULT 0 NOT NULL,
	`chief_college` integer DEFAULT 0 NOT NULL,
	`chief_education_answered` integer DEFAULT 0 NOT NULL,
	`chief_theory_intermediate_plus` integer DEFAULT 0 NOT NULL,
	`chief_theory_answered` integer DEFAULT 0 NOT NULL,
	`chief_under_40` integer DEFAULT 0 NOT NULL,
	`chief_birth_year_answered` integer DEFAULT 0 NOT NULL,
	`chief_women` integer DEFAULT 0 NOT NULL,
	`chief_gender_answered` integer DEFAULT 0 NOT NULL,
	`committee_women` real DEFAULT 0 NOT NULL,
	`committee_size` real DEFAULT 0 NOT NULL,
	`turnout_sum` real DEFAULT 0 NOT NULL,
	`turnout_reports` integer DEFAULT 0 NOT NULL,
	`secretary_share_min` real,
	`secretary_share_max` real,
	`secretary_share_reports` integer DEFAULT 0 NOT NULL,
	`chief_share_min` real,
	`chief_share_max` real,
	`chief_share_reports` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`term_id`, `unit_id`),
	FOREIGN KEY (`term_id`) REFERENCES `terms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `unit_sizes` (
	`unit_id` integer PRIMARY KEY NOT NULL,
	`hamlets` integer NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);--> statement-breakpoint
INSERT INTO `figures_state` (`id`, `registry_version`, `built_version`) VALUES (1, 0, 0);--> statement-breakpoint
-- Any change to the registry (a unit added, removed, moved, re-levelled or renamed) makes unit_figures,
-- unit_sizes and the registry cache of db/coverage.ts stale.
CREATE TRIGGER `units_figures_insert` AFTER INSERT ON `units`
BEGIN
  UPDATE `figures_state` SET `registry_version` = `registry_version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `units_figures_update` AFTER UPDATE OF `parent_id`, `path`, `level`, `name`, `type` ON `units`
WHEN old.`parent_id` IS NOT new.`parent_id` OR old.`path` IS NOT new.`path` OR old.`level` IS NOT new.`level`
  OR old.`name` IS NOT new.`name` OR old.`type` IS NOT new.`type`
BEGIN
  UPDATE `figures_state` SET `registry_version` = `registry_version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `units_figures_delete` AFTER DELETE ON `units`
BEGIN
  UPDATE `figures_state` SET `registry_version` = `registry_version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
-- Figures of the reports saved before this migration (mirrors src/domain: hamletFigures, electionSums, congressSums).
WITH heads AS (
  SELECT r.term_id, r.unit_id, r.kind, v.data,
         r.conflict_version_id IS NULL AND r.outcome = 'valid' AS reported,
         r.conflict_version_id IS NULL AND r.outcome <> 'valid' AS revote,
         r.conflict_version_id IS NOT NULL AS conflict,
         coalesce(v.review_status = 'confirmed', 0) AS confirmed,
         CAST(substr(t.election_date, 1, 4) AS INTEGER) AS election_year
    FROM reports r JOIN terms t ON t.id = r.term_id LEFT JOIN report_versions v ON v.id = r.current_version_id
),
hamlets AS (SELECT DISTINCT term_id, unit_id FROM reports)
INSERT INTO `hamlet_figures` (`term_id`, `unit_id`, `election_reported`, `election_revote`, `election_conflict`, `congress_reported`, `congress_not_quorate`, `congress_conflict`, `finished`, `election_confirmed`, `congress_confirmed`, `elections`, `congresses`, `secretary_is_chief`, `secretary_is_chief_answered`, `secretary_new`, `secretary_reelected`, `secretary_tenure_answered`, `chief_university`, `chief_college`, `chief_education_answered`, `chief_theory_intermediate_plus`, `chief_theory_answered`, `chief_under_40`, `chief_birth_year_answered`, `chief_women`, `chief_gender_answered`, `committee_women`, `committee_size`, `turnout_sum`, `turnout_reports`, `secretary_share_min`, `secretary_share_max`, `secretary_share_reports`, `chief_share_min`, `chief_share_max`, `chief_share_reports`)
SELECT h.term_id, h.unit_id,
       coalesce(e.reported, 0),
       coalesce(e.revote, 0),
       coalesce(e.conflict, 0),
       coalesce(c.reported, 0),
       coalesce(c.revote, 0),
       coalesce(c.conflict, 0),
       coalesce(e.reported and c.reported, 0),
       coalesce(e.reported and e.confirmed, 0),
       coalesce(c.reported and c.confirmed, 0),
       coalesce(e.reported, 0),
       coalesce(c.reported, 0),
       case when c.reported and json_type(c.data, '$.secretaryIsChief') = 'true' then 1 else 0 end,
       case when c.reported and json_type(c.data, '$.secretaryIsChief') in ('true', 'false') then 1 else 0 end,
       case when c.reported and json_type(c.data, '$.secretaryTenure') = 'text' and json_extract(c.data, '$.secretaryTenure') = 'new' then 1 else 0 end,
       case when c.reported and json_type(c.data, '$.secretaryTenure') = 'text' and json_extract(c.data, '$.secretaryTenure') = 'reelected' then 1 else 0 end,
       case when c.reported and json_type(c.data, '$.secretaryTenure') = 'text' then 1 else 0 end,
       case when e.reported and json_type(e.data, '$.education') = 'text' and json_extract(e.data, '$.education') = 'university' then 1 else 0 end,
       case when e.reported and json_type(e.data, '$.education') = 'text' and json_extract(e.data, '$.education') = 'college' then 1 else 0 end,
       case when e.reported and json_type(e.data, '$.education') = 'text' then 1 else 0 end,
       case when e.reported and json_type(e.data, '$.theory') = 'text' and json_extract(e.data, '$.theory') in ('intermediate', 'advanced') then 1 else 0 end,
       case when e.reported and json_type(e.data, '$.theory') = 'text' then 1 else 0 end,
       case when e.reported and json_type(e.data, '$.birthYear') in ('integer', 'real') and e.election_year - json_extract(e.data, '$.birthYear') < 40 then 1 else 0 end,
       case when e.reported and json_type(e.data, '$.birthYear') in ('integer', 'real') then 1 else 0 end,
       case when e.reported and json_type(e.data, '$.gender') = 'text' and json_extract(e.data, '$.gender') = 'female' then 1 else 0 end,
       case when e.reported and json_type(e.data, '$.gender') = 'text' then 1 else 0 end,
       case when c.reported and json_type(c.data, '$.committeeSize') in ('integer', 'real') and json_type(c.data, '$.committeeWomen') in ('integer', 'real') then json_extract(c.data, '$.committeeWomen') else 0 end,
       case when c.reported and json_type(c.data, '$.committeeSize') in ('integer', 'real') and json_type(c.data, '$.committeeWomen') in ('integer', 'real') then json_extract(c.data, '$.committeeSize') else 0 end,
       case when e.reported and json_type(e.data, '$.voters') in ('integer', 'real') and json_type(e.data, '$.participants') in ('integer', 'real') and json_extract(e.data, '$.voters') > 0 then (json_extract(e.data, '$.participants') * 1.0 / json_extract(e.data, '$.voters')) * 100 else 0 end,
       case when e.reported and json_type(e.data, '$.voters') in ('integer', 'real') and json_type(e.data, '$.participants') in ('integer', 'real') and json_extract(e.data, '$.voters') > 0 then 1 else 0 end,
       case when c.reported and json_type(c.data, '$.secretaryShare') in ('integer', 'real') then json_extract(c.data, '$.secretaryShare') else null end,
       case when c.reported and json_type(c.data, '$.secretaryShare') in ('integer', 'real') then json_extract(c.data, '$.secretaryShare') else null end,
       case when c.reported and json_type(c.data, '$.secretaryShare') in ('integer', 'real') then 1 else 0 end,
       case when e.reported and json_type(e.data, '$.participants') in ('integer', 'real') and json_type(e.data, '$.votes') in ('integer', 'real') and json_extract(e.data, '$.participants') > 0 then (json_extract(e.data, '$.votes') * 1.0 / json_extract(e.data, '$.participants')) * 100 else null end,
       case when e.reported and json_type(e.data, '$.participants') in ('integer', 'real') and json_type(e.data, '$.votes') in ('integer', 'real') and json_extract(e.data, '$.participants') > 0 then (json_extract(e.data, '$.votes') * 1.0 / json_extract(e.data, '$.participants')) * 100 else null end,
       case when e.reported and json_type(e.data, '$.participants') in ('integer', 'real') and json_type(e.data, '$.votes') in ('integer', 'real') and json_extract(e.data, '$.participants') > 0 then 1 else 0 end
  FROM hamlets h
  LEFT JOIN heads e ON e.term_id = h.term_id AND e.unit_id = h.unit_id AND e.kind = 'election'
  LEFT JOIN heads c ON c.term_id = h.term_id AND c.unit_id = h.unit_id AND c.kind = 'congress';--> statement-breakpoint
INSERT INTO `unit_sizes` (`unit_id`, `hamlets`)
SELECT a.value, count(*) FROM `units` h, json_each('[' || replace(trim(h.path, '/'), '/', ',') || ']') a
 WHERE h.level = 'hamlet' AND a.value <> h.id GROUP BY a.value;--> statement-breakpoint
INSERT INTO `unit_figures` (`term_id`, `unit_id`, `election_reported`, `election_revote`, `election_conflict`, `congress_reported`, `congress_not_quorate`, `congress_conflict`, `finished`, `election_confirmed`, `congress_confirmed`, `elections`, `congresses`, `secretary_is_chief`, `secretary_is_chief_answered`, `secretary_new`, `secretary_reelected`, `secretary_tenure_answered`, `chief_university`, `chief_college`, `chief_education_answered`, `chief_theory_intermediate_plus`, `chief_theory_answered`, `chief_under_40`, `chief_birth_year_answered`, `chief_women`, `chief_gender_answered`, `committee_women`, `committee_size`, `turnout_sum`, `turnout_reports`, `secretary_share_min`, `secretary_share_max`, `secretary_share_reports`, `chief_share_min`, `chief_share_max`, `chief_share_reports`)
SELECT f.term_id, a.value, sum(f.`election_reported`), sum(f.`election_revote`), sum(f.`election_conflict`), sum(f.`congress_reported`), sum(f.`congress_not_quorate`), sum(f.`congress_conflict`), sum(f.`finished`), sum(f.`election_confirmed`), sum(f.`congress_confirmed`), sum(f.`elections`), sum(f.`congresses`), sum(f.`secretary_is_chief`), sum(f.`secretary_is_chief_answered`), sum(f.`secretary_new`), sum(f.`secretary_reelected`), sum(f.`secretary_tenure_answered`), sum(f.`chief_university`), sum(f.`chief_college`), sum(f.`chief_education_answered`), sum(f.`chief_theory_intermediate_plus`), sum(f.`chief_theory_answered`), sum(f.`chief_under_40`), sum(f.`chief_birth_year_answered`), sum(f.`chief_women`), sum(f.`chief_gender_answered`), sum(f.`committee_women`), sum(f.`committee_size`), sum(f.`turnout_sum`), sum(f.`turnout_reports`), min(f.`secretary_share_min`), max(f.`secretary_share_max`), sum(f.`secretary_share_reports`), min(f.`chief_share_min`), max(f.`chief_share_max`), sum(f.`chief_share_reports`)
  FROM `hamlet_figures` f JOIN `units` h ON h.id = f.unit_id, json_each('[' || replace(trim(h.path, '/'), '/', ',') || ']') a
 WHERE h.level = 'hamlet' AND a.value <> h.id GROUP BY f.term_id, a.value;
