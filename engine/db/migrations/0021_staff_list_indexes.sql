-- These indexes were created by hand in 0002; the schema names them now, so databases that have them keep them.
CREATE INDEX IF NOT EXISTS `staff_bookings_date` ON `bookings` (`tenant_slug`,`slot_date`);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `staff_bookings_created` ON `bookings` (`tenant_slug`,`created_at`);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `staff_bookings_updated` ON `bookings` (`tenant_slug`,`updated_at`);