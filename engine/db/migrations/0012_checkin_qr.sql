CREATE TABLE `tenant_secrets` (
	`tenant_slug` text NOT NULL,
	`purpose` text NOT NULL,
	`secret` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tenant_slug`, `purpose`)
);
--> statement-breakpoint
ALTER TABLE `booking_visits` ADD `checked_out_at` integer;