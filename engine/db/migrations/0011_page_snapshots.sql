CREATE TABLE `page_snapshots` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_slug` text NOT NULL,
	`owner` text NOT NULL,
	`scope` text NOT NULL,
	`created_at` integer NOT NULL,
	`sealed` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `page_snapshots_owner_scope` ON `page_snapshots` (`owner`,`scope`,`created_at`);--> statement-breakpoint
CREATE INDEX `page_snapshots_created` ON `page_snapshots` (`created_at`);