CREATE TABLE `lock_passcodes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_slug` text NOT NULL,
	`booking_id` integer NOT NULL,
	`lock_id` text NOT NULL,
	`device_id` text NOT NULL,
	`name` text NOT NULL,
	`passcode_sealed` text NOT NULL,
	`valid_from` integer NOT NULL,
	`valid_until` integer NOT NULL,
	`notice_at` integer NOT NULL,
	`state` text NOT NULL,
	`command_id` text,
	`key_id` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_try_at` integer NOT NULL,
	`last_error` text,
	`sent_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `lock_passcodes_booking` ON `lock_passcodes` (`booking_id`);--> statement-breakpoint
CREATE INDEX `lock_passcodes_state` ON `lock_passcodes` (`tenant_slug`,`state`,`next_try_at`);