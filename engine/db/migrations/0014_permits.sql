CREATE TABLE `permits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_slug` text NOT NULL,
	`permit_no` text NOT NULL,
	`permit_id` text NOT NULL,
	`member_id` text NOT NULL,
	`status` text NOT NULL,
	`answers_json` text DEFAULT '{}' NOT NULL,
	`valid_from` text,
	`valid_until` text,
	`channel` text NOT NULL,
	`applied_at` integer NOT NULL,
	`decided_at` integer,
	`decided_by` text,
	`reason` text,
	`reminded_at` integer,
	`version_id` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `permits_no` ON `permits` (`tenant_slug`,`permit_no`);--> statement-breakpoint
CREATE INDEX `permits_member` ON `permits` (`tenant_slug`,`member_id`,`permit_id`);--> statement-breakpoint
CREATE INDEX `permits_status` ON `permits` (`tenant_slug`,`status`,`valid_until`);