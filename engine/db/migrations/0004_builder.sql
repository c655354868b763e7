CREATE TABLE `tenant_drafts` (
	`tenant_slug` text PRIMARY KEY NOT NULL,
	`base_version_id` text,
	`blocks_json` text NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	FOREIGN KEY (`tenant_slug`) REFERENCES `tenants`(`slug`) ON UPDATE no action ON DELETE no action
);
