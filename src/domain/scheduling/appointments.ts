/** Where an appointment stands. `held` is a waiting-list offer's hold; `released`, a hold given up. */
export const APPOINTMENT_STATUSES = [
  'held',
  'booked',
  'checked-in',
  'completed',
  'cancelled',
  'no-show',
  'released',
] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
