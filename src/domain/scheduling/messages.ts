/** What the outbox sends and the states a message goes through (shared by the server and the web app). */
export const MESSAGE_KINDS = [
  'confirmation',
  'reminder',
  'cancellation',
  'waitlist-offer',
  'reschedule',
  'portal-invitation',
  'email-verification',
  'account-notice',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];
export const MESSAGE_STATUSES = ['pending', 'sent', 'failed', 'skipped'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
