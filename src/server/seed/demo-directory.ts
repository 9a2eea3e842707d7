import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/connect.ts';
import { practitioners } from '../db/schema.ts';
import { npiCheckDigit } from '../../domain/npi.ts';
import { isBoardCertified, type BoardCertification } from '../../domain/directory/vocabulary.ts';
import { appointments, appointmentTypes } from '../features/scheduling/tables.ts';
import { zipCentroid, zipsNear } from '../features/directory/geo.ts';
import { searchTextOf } from '../features/directory/profiles.ts';
import { saveClinicEntry, upsertRegistry, type EntryInsert } from '../features/directory/store.ts';

const AOA_LOOKUP = 'https://certification.osteopathic.org/';

/** The demo clinic's listings: full profiles of its three DOs (by practitioner name). */
const PROFILES: Record<string, Partial<EntryInsert> & { certs: BoardCertification[] }> = {
  'Dr. Sam Rivera, DO': {
    certs: [
      {
        board: 'AOBNMM',
        specialty: 'Neuromusculoskeletal Medicine / OMM',
        status: 'active',
        verifiedOn: '2026-10-05',
        source: AOA_LOOKUP,
      },
    ],
    faao: { verifiedOn: null, source: null },
    techniques: [
      'muscle-energy',
      'counterstrain',
      'hvla',
      'myofascial-release',
      'soft-tissue',
      'articulatory',
    ],
    conditions: ['low-back-pain', 'sciatica', 'neck-pain', 'tension-headache', 'sports-injury', 'knee-pain'],
    ages: ['adolescents', 'adults', 'older-adults'],
    languages: ['en', 'es'],
    insurance: ['medicare', 'blue-cross-blue-shield', 'aetna', 'self-pay'],
  },
  'Dr. Anika Patel, DO': {
    certs: [
      {
        board: 'AOBFP',
        specialty: 'Family Medicine',
        status: 'active',
        verifiedOn: '2026-10-05',
        source: AOA_LOOKUP,
      },
      {
        board: 'AOBNMM',
        specialty: 'Neuromusculoskeletal Medicine / OMM',
        status: 'active',
        verifiedOn: '2026-10-05',
        source: AOA_LOOKUP,
      },
    ],
    techniques: ['cranial', 'balanced-ligamentous-tension', 'lymphatic', 'counterstrain', 'soft-tissue'],
    conditions: ['pregnancy-related-pain', 'infant-feeding-difficulty', 'migraine', 'tmj-pain', 'neck-pain'],
    ages: ['infants', 'children', 'adults'],
    languages: ['en', 'hi'],
    insurance: ['medicaid', 'medicare', 'cigna', 'self-pay'],
  },
  'Dr. Liam O’Connor, DO': {
    // Certification claimed but not yet checked: shown as unverified.
    certs: [
      { board: 'AOBFP', specialty: 'Family Medicine', status: 'active', verifiedOn: null, source: null },
    ],
    techniques: ['muscle-energy', 'hvla', 'articulatory', 'still-technique'],
    conditions: ['low-back-pain', 'mid-back-pain', 'rib-pain', 'shoulder-pain', 'hip-pain', 'post-surgical'],
    ages: ['adults', 'older-adults'],
    languages: ['en'],
    insurance: ['tricare', 'unitedhealthcare', 'humana', 'self-pay'],
  },
};

const FIRST = [
  'James',
  'Mary',
  'Robert',
  'Linda',
  'David',
  'Susan',
  'Priya',
  'Wei',
  'Alejandro',
  'Fatima',
  'Grace',
  'Omar',
  'Hannah',
  'Noah',
  'Olivia',
  'Ethan',
];
const LAST = [
  'Smith',
  'Johnson',
  'Garcia',
  'Miller',
  'Davis',
  'Martinez',
  'Wilson',
  'Anderson',
  'Taylor',
  'Nguyen',
  'Kim',
  'Patel',
  'Brooks',
  'Fischer',
  'Schmidt',
  'Hughes',
  'Okafor',
  'Kowalski',
  'Haddad',
];

/**
 * The directory's demo data (issue 12): the demo DOs listed with full profiles at the clinic,
 * `registry` made-up registry physicians in the ZIP codes around it (never bookable), and one
 * completed visit of the demo patient with Dr. Rivera, a week ago, that they can review.
 */
export async function seedDirectoryDemo(
  tx: Tx,
  clinicId: string,
  patientId: string,
  now: Date,
  registry = 300,
): Promise<number> {
  const home = zipCentroid('63501')!;
  const docs = await tx.select().from(practitioners).where(eq(practitioners.clinicId, clinicId));
  for (const [i, p] of docs.entries()) {
    const profile = PROFILES[p.name];
    if (!profile) continue;
    const { certs, ...rest } = profile;
    await saveClinicEntry(tx, {
      id: p.id,
      practitionerId: p.id,
      clinicId,
      npi: p.npi,
      source: 'clinic',
      published: true,
      name: p.name,
      credentials: ['DO'],
      boardCertifications: certs,
      boardCertified: isBoardCertified(certs),
      acceptingNewPatients: i !== 2,
      telehealth: i === 1,
      onlineBooking: true,
      practiceName: 'Stillpoint Demo Clinic',
      address: { line: '800 W Jefferson St', city: 'Kirksville', state: 'MO', postalCode: '63501' },
      phone: '(660) 555-0100',
      lat: home.lat,
      lng: home.lng,
      searchText: searchTextOf(p.name, rest.conditions ?? []),
      updatedAt: now,
      ...rest,
    });
  }
  const places = zipsNear('63501', 120);
  const rows: EntryInsert[] = [];
  for (let i = 0; i < registry && places.length; i++) {
    const place = places[(i * 7) % places.length]!;
    const first9 = String(170000000 + i * 37);
    // 16 first names × 19 surnames (19 prime to 17): no name repeats among the first 304.
    const name = `${FIRST[i % FIRST.length]} ${LAST[(Math.floor(i / FIRST.length) * 17 + i) % LAST.length]}`;
    rows.push({
      npi: `${first9}${npiCheckDigit(first9)}`,
      source: 'registry',
      name,
      credentials: ['DO'],
      taxonomies: [i % 9 === 0 ? '204D00000X' : '207Q00000X'],
      address: { line: `${100 + i} Main St`, city: place.city, state: place.state, postalCode: place.zip },
      lat: place.lat,
      lng: place.lng,
      searchText: searchTextOf(name, []),
      updatedAt: now,
    });
  }
  await upsertRegistry(tx, rows);
  const rivera = docs.find((d) => d.name === 'Dr. Sam Rivera, DO');
  const [type] = await tx
    .select()
    .from(appointmentTypes)
    .where(and(eq(appointmentTypes.clinicId, clinicId), eq(appointmentTypes.code, 'omt-follow-up')));
  if (rivera && type) {
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 7, 15));
    const end = new Date(start.getTime() + type.durationMinutes * 60_000);
    await tx.insert(appointments).values({
      clinicId,
      practitionerId: rivera.id,
      patientId,
      appointmentTypeId: type.id,
      startsAt: start,
      endsAt: end,
      blockStart: start,
      blockEnd: end,
      status: 'completed',
      source: 'staff',
      createdAt: new Date(start.getTime() - 7 * 86_400_000),
    });
  }
  return rows.length;
}
