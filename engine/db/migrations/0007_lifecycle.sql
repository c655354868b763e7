CREATE TABLE `booking_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`booking_id` integer NOT NULL,
	`tenant_slug` text NOT NULL,
	`at` integer NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`actor_type` text NOT NULL,
	`actor_id` text,
	`reason` text,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `booking_history_booking` ON `booking_history` (`booking_id`);--> statement-breakpoint
CREATE TABLE `job_runs` (
	`job_id` text NOT NULL,
	`due_at` integer NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`error` text,
	PRIMARY KEY(`job_id`, `due_at`)
);
--> statement-breakpoint
ALTER TABLE `bookings` ADD `holds_capacity` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `bookings` ADD `deadline_at` integer;--> statement-breakpoint
CREATE INDEX `bookings_deadline` ON `bookings` (`deadline_at`) WHERE deadline_at IS NOT NULL;--> statement-breakpoint
-- Existing bookings: only confirmed ones hold places; each gets the history it had (made, then cancelled).
UPDATE `bookings` SET `holds_capacity` = CASE WHEN `status` = 'confirmed' THEN 1 ELSE 0 END;--> statement-breakpoint
INSERT INTO `booking_history` (`booking_id`, `tenant_slug`, `at`, `from_status`, `to_status`, `actor_type`, `reason`)
  SELECT `id`, `tenant_slug`, `created_at`, NULL, 'confirmed', 'system', 'migrated' FROM `bookings`;--> statement-breakpoint
INSERT INTO `booking_history` (`booking_id`, `tenant_slug`, `at`, `from_status`, `to_status`, `actor_type`, `reason`)
  SELECT `id`, `tenant_slug`, COALESCE(`cancelled_at`, `updated_at`), 'confirmed', 'cancelled', 'system', 'migrated' FROM `bookings` WHERE `status` = 'cancelled';
