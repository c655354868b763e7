ALTER TABLE `booking_visits` ADD `items_json` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
-- The card-pickup column becomes the service's declared check-in item "juki-card".
UPDATE `booking_visits` SET `items_json` = '{"juki-card":true}' WHERE `juki_card_collected` = 1;--> statement-breakpoint
ALTER TABLE `booking_visits` DROP COLUMN `juki_card_collected`;
