CREATE TABLE `group_members` (
	`tenant_slug` text NOT NULL,
	`group_id` text NOT NULL,
	`member_id` text NOT NULL,
	`role` text NOT NULL,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`group_id`, `member_id`),
	FOREIGN KEY (`group_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `group_members_member` ON `group_members` (`member_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `group_members_representative` ON `group_members` (`group_id`) WHERE role = 'representative';--> statement-breakpoint
ALTER TABLE `members` ADD `group_status` text;--> statement-breakpoint
ALTER TABLE `members` ADD `group_reason` text;--> statement-breakpoint
ALTER TABLE `members` ADD `group_decided_at` integer;--> statement-breakpoint
ALTER TABLE `members` ADD `group_reduction` text;--> statement-breakpoint
ALTER TABLE `members` ADD `deregistered_at` integer;--> statement-breakpoint
ALTER TABLE `members` ADD `purge_after` integer;--> statement-breakpoint
CREATE INDEX `members_purge` ON `members` (`purge_after`) WHERE purge_after IS NOT NULL;