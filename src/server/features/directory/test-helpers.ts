import { randomUUID } from 'node:crypto';
import { availabilityRules, practitioners } from '../../db/schema.ts';
import type { Client, TestApp, TestClinic } from '../../testing/harness.ts';
import { setupPractice } from '../scheduling/test-helpers.ts';
import { searchTextOf } from './profiles.ts';
import * as store from './store.ts';

/**
 * Directory tests share the directory with every other test on the same PostgreSQL database, so
 * each test works around a point of its own, far from the others' (a random spot on the globe).
 */
export function randomSpot(): { lat: number; lng: number } {
  return { lat: -60 + Math.random() * 120, lng: -170 + Math.random() * 340 };
}

/** A point `km` east of `p` (good enough away from the poles). */
export function east(p: { lat: number; lng: number }, km: number) {
  return { lat: p.lat, lng: p.lng + km / (111.32 * Math.cos((p.lat * Math.PI) / 180)) };
}

export const fullProfile = (over: Record<string, unknown> = {}) => ({
  published: true,
  credentials: ['DO'],
  boardCertifications: [],
  faao: null,
  techniques: ['muscle-energy'],
  conditions: ['low-back-pain'],
  ages: ['adults'],
  languages: ['en'],
  insurance: ['medicare'],
  acceptingNewPatients: true,
  telehealth: false,
  onlineBooking: true,
  practiceName: null,
  address: { line: '1 Main St', city: 'Chicago', state: 'IL', postalCode: '60601' },
  phone: null,
  ...over,
});

/** The clinic's first practitioner and its types (scheduling's practice: Mon–Fri 09–12 Chicago). */
export async function practice(t: TestApp, k: TestClinic) {
  return setupPractice(t, k, { emails: false });
}

/** Another practitioner of the clinic, working `hours` on weekdays (none: never free). */
export async function addPractitioner(
  t: TestApp,
  k: TestClinic,
  name: string,
  hours: [string, string] | null,
) {
  const [p] = await t.database.db
    .insert(practitioners)
    .values({ clinicId: k.clinicId, name, credentials: ['DO'], timeZone: 'America/Chicago' })
    .returning();
  if (hours)
    await t.database.db.insert(availabilityRules).values(
      [1, 2, 3, 4, 5].map((weekday) => ({
        clinicId: k.clinicId,
        practitionerId: p!.id,
        weekday,
        startTime: hours[0],
        endTime: hours[1],
      })),
    );
  return p!.id;
}

/** Lists a practitioner through the admin route, at a location. */
export async function list(
  admin: Client,
  practitionerId: string,
  at: { lat: number; lng: number },
  over: Record<string, unknown> = {},
) {
  const res = await admin.req(
    'PUT',
    `/api/v1/directory/profiles/${practitionerId}`,
    fullProfile({ location: at, ...over }),
  );
  if (res.statusCode !== 200) throw new Error(`profile ${res.statusCode} ${res.body}`);
  return res.json<{ id: string }>();
}

/** Registry listings (as the import writes them), each with a fresh NPI-shaped number. */
export async function addRegistry(t: TestApp, rows: { name: string; at: { lat: number; lng: number } }[]) {
  await t.database.db.transaction((tx) =>
    store.upsertRegistry(
      tx,
      rows.map((r) => ({
        npi: fakeNpi(),
        source: 'registry' as const,
        name: r.name,
        credentials: ['DO'],
        lat: r.at.lat,
        lng: r.at.lng,
        searchText: searchTextOf(r.name, []),
        updatedAt: new Date(t.clock.now),
      })),
    ),
  );
}

function fakeNpi(): string {
  const digits = randomUUID().replace(/\D/g, '').padEnd(9, '7').slice(0, 9);
  return `1${digits}`;
}

export const nearOf = (p: { lat: number; lng: number }) => `${p.lat.toFixed(6)},${p.lng.toFixed(6)}`;
