/**
 * The waiting list, one file per use case: joining ({@link joinWaitlist}), the staff lists,
 * answering an offer or leaving, the engine that holds a freed time and offers it, and the job
 * that expires holds. Their SQL is in waitlist-store.ts.
 */
export { JOIN_AUDIT, MAX_ACTIVE_ENTRIES_PER_PATIENT, joinWaitlist, type JoinInput } from './waitlist-join.ts';
export { listOffers, listWaitlist } from './waitlist-list.ts';
export { acceptOffer, declineOffer, leaveWaitlist } from './waitlist-respond.ts';
export { offerFreedSlot } from './waitlist-offer.ts';
export { expireHolds, systemContext } from './waitlist-expire.ts';
