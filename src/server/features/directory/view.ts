import { isVerified } from '../../../domain/directory/vocabulary.ts';
import type { EntryRow } from './store.ts';

/**
 * A listing as the public sees it (api.md "Directory"). A certification or fellowship counts as
 * verified only with the date it was checked and its source; anything else says `verified: false`.
 */
export function resultView(
  row: EntryRow & { clinicName?: string | null; distanceKm?: number | null; timeZone?: string | null },
  nextAvailable: string | null,
) {
  const location = row.lat !== null && row.lng !== null ? { lat: row.lat, lng: row.lng } : null;
  return {
    id: row.id,
    name: row.name,
    credentials: row.credentials,
    boardCertifications: row.boardCertifications.map((c) => ({
      board: c.board,
      specialty: c.specialty,
      status: c.status,
      verified: isVerified(c),
      verifiedOn: isVerified(c) ? c.verifiedOn : null,
      source: isVerified(c) ? c.source : null,
    })),
    faao: row.faao
      ? {
          verified: isVerified(row.faao),
          verifiedOn: isVerified(row.faao) ? row.faao.verifiedOn : null,
          source: isVerified(row.faao) ? row.faao.source : null,
        }
      : null,
    techniques: row.techniques,
    conditions: row.conditions,
    ages: row.ages,
    languages: row.languages,
    insurance: row.insurance,
    acceptingNewPatients: row.acceptingNewPatients,
    telehealth: row.telehealth,
    onlineBooking: bookable(row),
    source: row.source,
    npi: row.npi,
    /** The id to book with (`POST /api/v1/appointments`); null for a registry listing. */
    practitionerId: bookable(row) ? row.practitionerId : null,
    clinicId: row.clinicId,
    /** The practitioner's IANA time zone (slots are shown in it); null for a registry listing. */
    timeZone: row.timeZone ?? null,
    clinic: {
      name: row.practiceName ?? row.clinicName ?? null,
      address: row.address,
      phone: row.phone,
      location,
    },
    distanceKm: row.distanceKm == null ? null : Math.round(row.distanceKm * 10) / 10,
    nextAvailable,
  };
}
export type ResultView = ReturnType<typeof resultView>;

/** Books online: a clinic's practitioner whose profile offers online booking. */
export function bookable(row: Pick<EntryRow, 'practitionerId' | 'onlineBooking'>): boolean {
  return !!row.practitionerId && row.onlineBooking;
}
