ALTER TABLE `notification_outbox` ADD `purged_at` integer;--> statement-breakpoint
CREATE INDEX `notification_outbox_unpurged` ON `notification_outbox` (`updated_at`) WHERE purged_at IS NULL;