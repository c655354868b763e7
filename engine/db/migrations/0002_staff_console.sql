CREATE TABLE `booking_visits` (
	`booking_id` integer PRIMARY KEY NOT NULL,
	`tenant_slug` text NOT NULL,
	`status` text,
	`visited_at` integer,
	`juki_card_collected` integer DEFAULT false NOT NULL,
	`note` text,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `booking_visits_status` ON `booking_visits` (`tenant_slug`,`status`);--> statement-breakpoint
CREATE TABLE `staff_accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_slug` text NOT NULL,
	`login_id` text NOT NULL,
	`name` text NOT NULL,
	`email` text,
	`organization` text,
	`role` text NOT NULL,
	`scope_json` text DEFAULT '["*"]' NOT NULL,
	`password_hash` text NOT NULL,
	`must_change_password` integer DEFAULT false NOT NULL,
	`valid_from` text,
	`valid_until` text,
	`suspended` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_slug`) REFERENCES `tenants`(`slug`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_accounts_login` ON `staff_accounts` (`tenant_slug`,`login_id`);--> statement-breakpoint
CREATE TABLE `staff_preferences` (
	`staff_id` integer NOT NULL,
	`key` text NOT NULL,
	`value_json` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`staff_id`, `key`),
	FOREIGN KEY (`staff_id`) REFERENCES `staff_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `staff_sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`staff_id` integer NOT NULL,
	`tenant_slug` text NOT NULL,
	`ip` text,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`staff_id`) REFERENCES `staff_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `staff_sessions_staff` ON `staff_sessions` (`staff_id`);--> statement-breakpoint
-- The audit trail cannot be changed through the product: refuse UPDATE and DELETE at the database.
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log` BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log` BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;--> statement-breakpoint
-- Staff search by visit date, application date and last update (not in drizzle's snapshot: raw SQL kept here).
CREATE INDEX IF NOT EXISTS `staff_bookings_date` ON `bookings` (`tenant_slug`,`slot_date`);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `staff_bookings_created` ON `bookings` (`tenant_slug`,`created_at`);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `staff_bookings_updated` ON `bookings` (`tenant_slug`,`updated_at`);
