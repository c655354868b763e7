CREATE TABLE `line_events` (
	`tenant_slug` text NOT NULL,
	`event_id` text NOT NULL,
	`type` text NOT NULL,
	`received_at` integer NOT NULL,
	PRIMARY KEY(`tenant_slug`, `event_id`)
);
--> statement-breakpoint
CREATE INDEX `line_events_received` ON `line_events` (`received_at`);