CREATE TABLE `online_payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_slug` text NOT NULL,
	`booking_id` integer NOT NULL,
	`provider` text NOT NULL,
	`account` text DEFAULT '' NOT NULL,
	`method` text NOT NULL,
	`amount` integer NOT NULL,
	`state` text NOT NULL,
	`provider_ref` text,
	`payment_ref` text,
	`redirect_url` text,
	`payment_id` integer,
	`expires_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `online_payments_booking` ON `online_payments` (`booking_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `online_payments_ref` ON `online_payments` (`provider`,`provider_ref`);--> statement-breakpoint
CREATE TABLE `payment_events` (
	`provider` text NOT NULL,
	`event_id` text NOT NULL,
	`tenant_slug` text NOT NULL,
	`type` text NOT NULL,
	`outcome` text NOT NULL,
	`received_at` integer NOT NULL,
	PRIMARY KEY(`provider`, `event_id`)
);
--> statement-breakpoint
CREATE TABLE `refunds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_slug` text NOT NULL,
	`booking_id` integer NOT NULL,
	`payment_id` integer NOT NULL,
	`route` text NOT NULL,
	`amount` integer NOT NULL,
	`basis` text NOT NULL,
	`reason` text,
	`state` text NOT NULL,
	`requested_by_type` text NOT NULL,
	`requested_by_id` text,
	`requested_at` integer NOT NULL,
	`decided_by` text,
	`decided_at` integer,
	`decision_note` text,
	`provider_ref` text,
	`last_error` text,
	`export_batch` integer,
	`done_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `refunds_booking` ON `refunds` (`booking_id`);--> statement-breakpoint
CREATE INDEX `refunds_state` ON `refunds` (`tenant_slug`,`state`);