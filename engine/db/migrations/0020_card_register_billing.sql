CREATE TABLE `edi_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_slug` text NOT NULL,
	`channel` text NOT NULL,
	`ref` text NOT NULL,
	`payload` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_at` integer NOT NULL,
	`sent_at` integer,
	`sent_as` text,
	`last_error` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `edi_outbox_due` ON `edi_outbox` (`status`,`next_at`);--> statement-breakpoint
CREATE INDEX `edi_outbox_channel` ON `edi_outbox` (`tenant_slug`,`channel`,`id`);--> statement-breakpoint
CREATE TABLE `invoices` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_slug` text NOT NULL,
	`billing` text NOT NULL,
	`month` text NOT NULL,
	`customer` text NOT NULL,
	`customer_name` text NOT NULL,
	`usage` integer NOT NULL,
	`issue_fees` integer NOT NULL,
	`annual_fees` integer NOT NULL,
	`total` integer NOT NULL,
	`detail_json` text NOT NULL,
	`issued_at` integer NOT NULL,
	`issued_by` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_customer` ON `invoices` (`tenant_slug`,`billing`,`month`,`customer`);--> statement-breakpoint
CREATE INDEX `invoices_month` ON `invoices` (`tenant_slug`,`billing`,`month`);--> statement-breakpoint
CREATE TABLE `issued_cards` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_slug` text NOT NULL,
	`register` text NOT NULL,
	`card_no` text NOT NULL,
	`holder_key` text NOT NULL,
	`subject` text NOT NULL,
	`lease_no` text,
	`card_type` text NOT NULL,
	`expiry_month` text NOT NULL,
	`state` text NOT NULL,
	`first_issued_on` text NOT NULL,
	`issued_on` text NOT NULL,
	`reason` text NOT NULL,
	`issue_fee` integer NOT NULL,
	`valid_until` text NOT NULL,
	`previous_id` text,
	`ended_on` text,
	`renewal_notice_on` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `issued_cards_no` ON `issued_cards` (`tenant_slug`,`register`,`card_no`,`expiry_month`);--> statement-breakpoint
CREATE UNIQUE INDEX `issued_cards_in_use` ON `issued_cards` (`tenant_slug`,`register`,`subject`) WHERE state = 'in-use';--> statement-breakpoint
CREATE INDEX `issued_cards_holder` ON `issued_cards` (`tenant_slug`,`register`,`holder_key`);--> statement-breakpoint
CREATE INDEX `issued_cards_expiry` ON `issued_cards` (`tenant_slug`,`register`,`state`,`expiry_month`);--> statement-breakpoint
CREATE INDEX `issued_cards_issued` ON `issued_cards` (`tenant_slug`,`register`,`issued_on`);--> statement-breakpoint
CREATE TABLE `usage_imports` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_slug` text NOT NULL,
	`billing` text NOT NULL,
	`month` text NOT NULL,
	`file_name` text,
	`rows` integer NOT NULL,
	`added` integer NOT NULL,
	`duplicates` integer NOT NULL,
	`imported_at` integer NOT NULL,
	`imported_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `usage_imports_month` ON `usage_imports` (`tenant_slug`,`billing`,`month`);--> statement-breakpoint
CREATE TABLE `usage_records` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_slug` text NOT NULL,
	`billing` text NOT NULL,
	`month` text NOT NULL,
	`import_id` text NOT NULL,
	`card_no` text NOT NULL,
	`entry_point` text NOT NULL,
	`entry_at` text NOT NULL,
	`exit_point` text NOT NULL,
	`exit_at` text NOT NULL,
	`subject` text NOT NULL,
	`amount` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `usage_records_passage` ON `usage_records` (`tenant_slug`,`billing`,`card_no`,`entry_at`,`exit_at`);--> statement-breakpoint
CREATE INDEX `usage_records_month` ON `usage_records` (`tenant_slug`,`billing`,`month`,`card_no`);