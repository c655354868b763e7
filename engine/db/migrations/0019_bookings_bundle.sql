ALTER TABLE `bookings` ADD `bundle_no` text;--> statement-breakpoint
CREATE INDEX `bookings_bundle` ON `bookings` (`tenant_slug`,`bundle_no`) WHERE bundle_no IS NOT NULL;