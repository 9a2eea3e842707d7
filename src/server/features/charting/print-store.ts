import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/connect.ts';
import { clinics, practitioners } from '../../db/schema.ts';
import { addressLines } from '../../../domain/address.ts';

/**
 * The letterhead and signature block of a printed note: the clinic's zone and contact details and
 * the practitioner's NPI. Clinic and practitioner data only (no patient data), read after the
 * audited print use case has opened the encounter.
 */
export interface PrintFacts {
  timeZone: string;
  clinic: { addressLines: string[]; phone: string | null; email: string | null };
  practitionerNpi: string | null;
}

export async function printFacts(
  db: Db,
  clinicId: string,
  practitionerId: string | null,
): Promise<PrintFacts> {
  const [c] = await db
    .select({
      timeZone: clinics.timeZone,
      address: clinics.address,
      phone: clinics.phone,
      email: clinics.email,
    })
    .from(clinics)
    .where(eq(clinics.id, clinicId));
  const [p] = practitionerId
    ? await db
        .select({ npi: practitioners.npi })
        .from(practitioners)
        .where(and(eq(practitioners.clinicId, clinicId), eq(practitioners.id, practitionerId)))
    : [];
  return {
    timeZone: c?.timeZone ?? 'UTC',
    clinic: {
      addressLines: c?.address ? addressLines(c.address) : [],
      phone: c?.phone ?? null,
      email: c?.email ?? null,
    },
    practitionerNpi: p?.npi ?? null,
  };
}
