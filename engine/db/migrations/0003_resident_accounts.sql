CREATE TABLE `member_sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`tenant_slug` text NOT NULL,
	`member_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `member_sessions_member` ON `member_sessions` (`tenant_slug`,`member_id`);--> statement-breakpoint
CREATE TABLE `member_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`tenant_slug` text NOT NULL,
	`purpose` text NOT NULL,
	`member_id` text,
	`payload_json` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `member_tokens_tenant` ON `member_tokens` (`tenant_slug`,`purpose`,`expires_at`);