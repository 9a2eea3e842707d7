import type { LoginUser } from '../../../contracts/auth.ts';

/** `GET /api/v1/patients/{id}/portal-access`. */
export interface PortalAccess {
  patientEmail: string | null;
  account: { email: string; createdAt: string; disabled: boolean } | null;
  invitation: { sentTo: string; createdAt: string; expiresAt: string } | null;
}

export interface InvitationSent {
  id: string;
  sentTo: string;
  createdAt: string;
  expiresAt: string;
}

export interface InvitationInfo {
  clinicName: string;
  firstName: string;
  email: string;
  expiresAt: string;
}

export interface SignedIn {
  user: LoginUser;
}

export type VerifyResult = ({ status: 'active' } & SignedIn) | { status: 'review'; detail: string };

export interface ClinicOption {
  id: string;
  name: string;
}

export interface ReviewCandidate {
  patientId: string | null;
  hidden: boolean;
  name?: string;
  birthDate?: string;
  email?: string | null;
  matchedOn: ('name' | 'birthDate' | 'email')[];
  exact: boolean;
}

export interface SelfSignup {
  id: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  email: string;
  status: 'unverified' | 'review' | 'active' | 'rejected' | 'superseded' | 'expired';
  reviewReason: 'ambiguous' | 'partial-match' | 'record-has-account' | 'approval-required' | null;
  outcome: 'linked' | 'created' | null;
  patientId: string | null;
  createdAt: string;
  verifiedAt: string | null;
  candidates: ReviewCandidate[];
}

/** Same rule as the server's policy (length only); the server also refuses common passwords. */
export const MIN_PASSWORD = 12;
export const PASSWORD_HINT = `At least ${MIN_PASSWORD} characters. A short sentence is easy to remember and hard to guess.`;
