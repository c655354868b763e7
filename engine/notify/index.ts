// Notifications: templated messages through an outbox (see README "Notifications").
// Use cases write outbox rows inside their own transaction; the notifier delivers them.
export { emitBookingEvent, type BookingEventExtras, type NotifyDeps } from './booking-events';
export { emitMemberEvent, type MemberFacts, type MemberEventExtras } from './member-events';
export { sendStaffMessage, type StaffMessageInput } from './staff-message';
export { deliveriesOf, type DeliveryView } from './deliveries';
export { createNotifier, type Notifier, type NotifierOptions, type RunSummary } from './worker';
export { createChannelsFromEnv } from './channels';
export { memberContacts, noLineLinks, type RecipientResolver } from './recipients';
export { EVENTS, type EventName } from './events';
