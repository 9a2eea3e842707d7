/**
 * Matching a verified self sign-up to the clinic's existing patient records. Pure: the caller
 * loads the candidates (same clinic, sharing at least the birth date, the name or the email).
 *
 * A record matches exactly when name, date of birth and email are all equal after normalising case
 * and whitespace. Exactly one exact match links the account; none and no near miss makes a new
 * record; anything else (several exact matches, or a record that shares two of the three but not
 * the third) goes to staff: a sign-up is never linked to a record on a guess.
 */
export interface SignupIdentity {
  givenName: string;
  familyName: string;
  birthDate: string;
  email: string;
}

export interface CandidateRecord {
  id: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  email: string | null;
  /** The record already has a portal account. */
  hasAccount: boolean;
}

export type MatchedOn = 'name' | 'birthDate' | 'email';

export interface Candidate {
  id: string;
  matchedOn: MatchedOn[];
  exact: boolean;
  hasAccount: boolean;
}

export type MatchDecision =
  | { kind: 'link'; patientId: string; candidates: Candidate[] }
  | { kind: 'create'; candidates: Candidate[] }
  | { kind: 'review'; reason: ReviewReason; candidates: Candidate[] };

export type ReviewReason = 'ambiguous' | 'partial-match' | 'record-has-account' | 'approval-required';

/** Lower case, trimmed, inner runs of whitespace as one space (Unicode-normalised, NFC). */
export function normaliseText(s: string): string {
  return s.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

export const normaliseEmail = (s: string) => s.trim().toLowerCase();

export function compareRecord(who: SignupIdentity, r: CandidateRecord): Candidate {
  const matchedOn: MatchedOn[] = [];
  if (
    normaliseText(r.givenName) === normaliseText(who.givenName) &&
    normaliseText(r.familyName) === normaliseText(who.familyName)
  )
    matchedOn.push('name');
  if (r.birthDate === who.birthDate) matchedOn.push('birthDate');
  if (r.email && normaliseEmail(r.email) === normaliseEmail(who.email)) matchedOn.push('email');
  return { id: r.id, matchedOn, exact: matchedOn.length === 3, hasAccount: r.hasAccount };
}

export function decideMatch(
  who: SignupIdentity,
  records: CandidateRecord[],
  opts: { approvalRequired: boolean },
): MatchDecision {
  // Sharing one attribute (a common name, a birthday) is no evidence; two of three is a near miss.
  const candidates = records.map((r) => compareRecord(who, r)).filter((c) => c.matchedOn.length >= 2);
  const exact = candidates.filter((c) => c.exact);
  if (opts.approvalRequired) return { kind: 'review', reason: 'approval-required', candidates };
  if (exact.length > 1) return { kind: 'review', reason: 'ambiguous', candidates };
  if (exact.length === 1) {
    const only = exact[0]!;
    if (only.hasAccount) return { kind: 'review', reason: 'record-has-account', candidates };
    return { kind: 'link', patientId: only.id, candidates };
  }
  if (candidates.length > 0) return { kind: 'review', reason: 'partial-match', candidates };
  return { kind: 'create', candidates };
}
