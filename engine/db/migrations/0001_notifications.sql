CREATE TABLE `notification_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`outbox_id` integer NOT NULL,
	`attempt` integer NOT NULL,
	`at` integer NOT NULL,
	`outcome` text NOT NULL,
	`detail` text,
	FOREIGN KEY (`outbox_id`) REFERENCES `notification_outbox`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notification_attempts_outbox` ON `notification_attempts` (`outbox_id`);--> statement-breakpoint
CREATE TABLE `notification_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_slug` text NOT NULL,
	`delivery_key` text NOT NULL,
	`event` text NOT NULL,
	`source` text NOT NULL,
	`booking_id` integer,
	`member_id` text,
	`channel` text NOT NULL,
	`recipient` text,
	`signing_secret_name` text,
	`subject` text NOT NULL,
	`body_text` text NOT NULL,
	`body_html` text,
	`data_json` text DEFAULT '{}' NOT NULL,
	`secrets_json` text,
	`status` text NOT NULL,
	`due_at` integer NOT NULL,
	`not_after` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`lease_until` integer,
	`last_error` text,
	`provider_ref` text,
	`version_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notification_outbox_key` ON `notification_outbox` (`delivery_key`);--> statement-breakpoint
CREATE INDEX `notification_outbox_due` ON `notification_outbox` (`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `notification_outbox_booking` ON `notification_outbox` (`booking_id`);