CREATE TABLE `record_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_slug` text NOT NULL,
	`record_id` text NOT NULL,
	`at` integer NOT NULL,
	`from_state` text,
	`to_state` text NOT NULL,
	`operator` text NOT NULL,
	`inputs_json` text DEFAULT '{}' NOT NULL,
	`note` text,
	`reverses_id` integer,
	FOREIGN KEY (`record_id`) REFERENCES `records`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `record_history_record` ON `record_history` (`record_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `record_history_reverses` ON `record_history` (`reverses_id`);--> statement-breakpoint
CREATE INDEX `record_history_at` ON `record_history` (`tenant_slug`,`at`);--> statement-breakpoint
CREATE TABLE `records` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_slug` text NOT NULL,
	`type` text NOT NULL,
	`key` text NOT NULL,
	`fields_json` text DEFAULT '{}' NOT NULL,
	`state` text NOT NULL,
	`link_code` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `records_key` ON `records` (`tenant_slug`,`type`,`key`);--> statement-breakpoint
CREATE UNIQUE INDEX `records_link_code` ON `records` (`tenant_slug`,`link_code`);--> statement-breakpoint
CREATE INDEX `records_state` ON `records` (`tenant_slug`,`type`,`state`);