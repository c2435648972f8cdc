CREATE TABLE `deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`slot` text NOT NULL,
	`recipient` text NOT NULL,
	`status` text NOT NULL,
	`late` integer DEFAULT false NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`detail` text,
	`created_at` integer NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_kind_slot_recipient_idx` ON `deliveries` (`kind`,`slot`,`recipient`);--> statement-breakpoint
CREATE TABLE `digest_prefs` (
	`person_id` integer PRIMARY KEY NOT NULL,
	`enabled` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `digest_snapshots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` integer NOT NULL,
	`term_id` integer NOT NULL,
	`slot` text NOT NULL,
	`election_reported` integer NOT NULL,
	`congress_reported` integer NOT NULL,
	`finished` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`term_id`) REFERENCES `terms`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `digest_snapshots_unit_term_slot_idx` ON `digest_snapshots` (`unit_id`,`term_id`,`slot`);--> statement-breakpoint
CREATE TABLE `group_chats` (
	`chat_id` text PRIMARY KEY NOT NULL,
	`unit_id` integer NOT NULL,
	`title` text,
	`registered_by_person_id` integer NOT NULL,
	`blocked_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`registered_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `report_versions` ADD `review_status` text DEFAULT 'pending' NOT NULL;--> statement-breakpoint
ALTER TABLE `report_versions` ADD `reviewed_by_person_id` integer REFERENCES people(id);--> statement-breakpoint
ALTER TABLE `report_versions` ADD `reviewed_at` integer;--> statement-breakpoint
ALTER TABLE `report_versions` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `terms` ADD `big_day_digest_times` text;