CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_slug` text NOT NULL,
	`at` integer NOT NULL,
	`actor_type` text NOT NULL,
	`actor_id` text,
	`action` text NOT NULL,
	`target_type` text,
	`target_id` text,
	`ip` text,
	`details_json` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_tenant_at` ON `audit_log` (`tenant_slug`,`at`);--> statement-breakpoint
CREATE INDEX `audit_target` ON `audit_log` (`tenant_slug`,`target_type`,`target_id`);--> statement-breakpoint
CREATE TABLE `booking_units` (
	`booking_id` integer NOT NULL,
	`unit` text NOT NULL,
	`seats` integer NOT NULL,
	PRIMARY KEY(`booking_id`, `unit`),
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `bookings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_slug` text NOT NULL,
	`receipt_no` text NOT NULL,
	`service_id` text NOT NULL,
	`calendar_id` text NOT NULL,
	`resource_id` text NOT NULL,
	`slot_start` integer NOT NULL,
	`slot_end` integer NOT NULL,
	`slot_date` text NOT NULL,
	`slot_start_local` text NOT NULL,
	`status` text NOT NULL,
	`seats` integer DEFAULT 1 NOT NULL,
	`answers_json` text NOT NULL,
	`phone_key` text,
	`email_key` text,
	`name_key` text,
	`member_id` text,
	`access_key_hash` text,
	`channel` text NOT NULL,
	`version_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`cancelled_at` integer,
	FOREIGN KEY (`tenant_slug`) REFERENCES `tenants`(`slug`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`version_id`) REFERENCES `tenant_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bookings_receipt` ON `bookings` (`tenant_slug`,`receipt_no`);--> statement-breakpoint
CREATE INDEX `bookings_slot` ON `bookings` (`tenant_slug`,`calendar_id`,`slot_start`);--> statement-breakpoint
CREATE INDEX `bookings_phone` ON `bookings` (`tenant_slug`,`phone_key`);--> statement-breakpoint
CREATE INDEX `bookings_member` ON `bookings` (`tenant_slug`,`member_id`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`tenant_slug` text NOT NULL,
	`key_hash` text NOT NULL,
	`request_hash` text NOT NULL,
	`status` integer NOT NULL,
	`response_sealed` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tenant_slug`, `key_hash`)
);
--> statement-breakpoint
CREATE TABLE `members` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_slug` text NOT NULL,
	`member_no` text NOT NULL,
	`kind` text DEFAULT 'individual' NOT NULL,
	`login_id` text,
	`email` text,
	`password_hash` text,
	`name` text,
	`name_kana` text,
	`name_key` text,
	`phone` text,
	`phone_key` text,
	`profile_json` text DEFAULT '{}' NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`line_user_id` text,
	`email_verified_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_slug`) REFERENCES `tenants`(`slug`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `members_no` ON `members` (`tenant_slug`,`member_no`);--> statement-breakpoint
CREATE UNIQUE INDEX `members_login` ON `members` (`tenant_slug`,`login_id`);--> statement-breakpoint
CREATE INDEX `members_email` ON `members` (`tenant_slug`,`email`);--> statement-breakpoint
CREATE INDEX `members_phone` ON `members` (`tenant_slug`,`phone_key`);--> statement-breakpoint
CREATE INDEX `members_name` ON `members` (`tenant_slug`,`name_key`);--> statement-breakpoint
CREATE TABLE `receipt_sequences` (
	`tenant_slug` text PRIMARY KEY NOT NULL,
	`next` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `slot_counters` (
	`tenant_slug` text NOT NULL,
	`calendar_id` text NOT NULL,
	`unit` text NOT NULL,
	`slot_start` integer NOT NULL,
	`used` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`tenant_slug`, `calendar_id`, `unit`, `slot_start`)
);
--> statement-breakpoint
CREATE TABLE `tenant_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_slug` text NOT NULL,
	`seq` integer NOT NULL,
	`source` text NOT NULL,
	`content_hash` text NOT NULL,
	`blocks_json` text NOT NULL,
	`note` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_slug`) REFERENCES `tenants`(`slug`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tenant_versions_seq` ON `tenant_versions` (`tenant_slug`,`seq`);--> statement-breakpoint
CREATE TABLE `tenants` (
	`slug` text PRIMARY KEY NOT NULL,
	`current_version_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
