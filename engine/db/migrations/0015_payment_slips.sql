CREATE TABLE `payment_slips` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_slug` text NOT NULL,
	`booking_id` integer NOT NULL,
	`slip_no` text NOT NULL,
	`amount` integer NOT NULL,
	`due_at` integer,
	`issued_at` integer NOT NULL,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payment_slips_no` ON `payment_slips` (`tenant_slug`,`slip_no`);--> statement-breakpoint
CREATE UNIQUE INDEX `payment_slips_booking` ON `payment_slips` (`booking_id`);--> statement-breakpoint
ALTER TABLE `booking_payments` ADD `received_on` text;--> statement-breakpoint
ALTER TABLE `booking_payments` ADD `reference` text;--> statement-breakpoint
CREATE INDEX `booking_payments_received` ON `booking_payments` (`tenant_slug`,`received_on`);