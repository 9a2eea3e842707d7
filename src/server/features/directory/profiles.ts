import type { Deps } from '../../platform/deps.ts';
import type { OpenedContext, SignedInContext } from '../../platform/route.ts';
import { badRequest } from '../../platform/errors.ts';
import {
  CONDITION_LABELS,
  isBoardCertified,
  type ConditionId,
} from '../../../domain/directory/vocabulary.ts';
import type { ProfileBody } from '../../../contracts/directory.ts';
import type { PractitionerRow } from './practitioner.ts';
import { zipCentroid } from './geo.ts';
import * as store from './store.ts';
import { resultView } from './view.ts';

/** What `q` matches: the name and the plain-language labels of the conditions treated. */
export function searchTextOf(name: string, conditions: readonly string[]): string {
  const labels = conditions.map((c) => CONDITION_LABELS[c as ConditionId] ?? c);
  return [name, ...labels].join(' ').toLowerCase();
}

/** The clinic's practitioners and their listings, for the admin's directory page. */
export async function listProfiles(deps: Deps, ctx: SignedInContext) {
  const rows = await store.clinicProfiles(deps.db, ctx.user.clinicId);
  return {
    results: rows.map((r) => ({
      practitionerId: r.practitioner.id,
      name: r.practitioner.name,
      listed: !!r.entry?.published,
      profile: r.entry ? { ...resultView(r.entry, null), published: r.entry.published } : null,
    })),
  };
}

/**
 * A clinic admin writes one of their practitioners' listings (audited, with what changed). The
 * location is taken from the body or looked up from the address's ZIP code; a verification needs
 * its date and source (the contract refuses one without the other) and cannot lie in the future.
 */
export async function saveProfile(ctx: OpenedContext<PractitionerRow, false>, body: ProfileBody) {
  const p = ctx.subject.record;
  const today = ctx.now.toISOString().slice(0, 10);
  const future = [
    ...body.boardCertifications.map((c, i) => ({
      d: c.verifiedOn,
      path: `boardCertifications/${i}/verifiedOn`,
    })),
    { d: body.faao?.verifiedOn ?? null, path: 'faao/verifiedOn' },
  ].filter((v) => v.d && v.d > today);
  if (future.length)
    throw badRequest('A verification date cannot be in the future: give the day it was checked.', [
      ...future.map((f) => ({ path: f.path, message: 'In the future' })),
    ]);
  let location = body.location ?? null;
  if (!location && body.address) {
    const place = zipCentroid(body.address.postalCode);
    if (!place)
      throw badRequest('We could not place this ZIP code on the map: check it, or give the location.', [
        { path: 'address/postalCode', message: 'Unknown ZIP code' },
      ]);
    location = { lat: place.lat, lng: place.lng };
  }
  const { location: _l, ...fields } = body;
  return ctx.work(async (tx, entry) => {
    const before = await store.entryOfPractitioner(tx, p.id);
    const replaced = p.npi ? await store.dropRegistryListing(tx, p.npi) : 0;
    const row = await store.saveClinicEntry(tx, {
      ...fields,
      id: p.id,
      practitionerId: p.id,
      clinicId: p.clinicId,
      npi: p.npi,
      source: 'clinic',
      name: p.name,
      boardCertified: isBoardCertified(body.boardCertifications),
      lat: location?.lat ?? null,
      lng: location?.lng ?? null,
      searchText: searchTextOf(p.name, body.conditions),
      updatedAt: ctx.now,
      updatedBy: ctx.user.id,
    });
    entry.resourceId = p.id;
    entry.details = {
      changed: changedFields(before, row),
      published: row.published,
      ...(replaced ? { replacedRegistryListing: true } : {}),
    };
    return { ...resultView(row, null), published: row.published };
  });
}

const COMPARED = [
  'published',
  'credentials',
  'boardCertifications',
  'faao',
  'techniques',
  'conditions',
  'ages',
  'languages',
  'insurance',
  'acceptingNewPatients',
  'telehealth',
  'onlineBooking',
  'practiceName',
  'address',
  'phone',
  'lat',
  'lng',
] as const;

function changedFields(before: store.EntryRow | null, after: store.EntryRow): string[] {
  if (!before) return ['created'];
  return COMPARED.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}
