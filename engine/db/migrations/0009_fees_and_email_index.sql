CREATE TABLE `booking_charges` (
	`booking_id` integer PRIMARY KEY NOT NULL,
	`tenant_slug` text NOT NULL,
	`fee_id` text NOT NULL,
	`total` integer NOT NULL,
	`lines_json` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `booking_payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`booking_id` integer NOT NULL,
	`tenant_slug` text NOT NULL,
	`method` text NOT NULL,
	`amount` integer NOT NULL,
	`at` integer NOT NULL,
	`staff_id` text,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `booking_payments_booking` ON `booking_payments` (`booking_id`);--> statement-breakpoint
CREATE INDEX `bookings_email` ON `bookings` (`tenant_slug`,`email_key`);