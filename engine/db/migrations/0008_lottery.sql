CREATE TABLE `lottery_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_slug` text NOT NULL,
	`lottery_id` text NOT NULL,
	`cycle` text NOT NULL,
	`entry_no` integer NOT NULL,
	`choices_json` text NOT NULL,
	`answers_json` text NOT NULL,
	`member_id` text,
	`person_key` text NOT NULL,
	`access_key_hash` text,
	`tier` integer NOT NULL,
	`status` text NOT NULL,
	`won_choice` integer,
	`booking_id` integer,
	`channel` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lottery_entries_no` ON `lottery_entries` (`tenant_slug`,`lottery_id`,`cycle`,`entry_no`);--> statement-breakpoint
CREATE INDEX `lottery_entries_person` ON `lottery_entries` (`tenant_slug`,`lottery_id`,`cycle`,`person_key`);--> statement-breakpoint
CREATE TABLE `lottery_instances` (
	`tenant_slug` text NOT NULL,
	`lottery_id` text NOT NULL,
	`cycle` text NOT NULL,
	`seed` text NOT NULL,
	`seed_hash` text NOT NULL,
	`status` text NOT NULL,
	`drawn_at` integer,
	`result_json` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tenant_slug`, `lottery_id`, `cycle`)
);
