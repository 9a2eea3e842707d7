import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ENGINES,
  login,
  makeClinic,
  startTestApp,
  type Client,
  type TestApp,
  type TestClinic,
} from '../testing/harness.ts';

/**
 * One view of a restricted record (issue 9, "Fix the drift"). Staff outside the care team see, in
 * every search, list and export, only the name and date of birth of a restricted patient (enough
 * to find and book them) and that the record is restricted; the care team and admins see it in
 * full. The rule is the platform's (platform/access.ts: `seesInFull`, `visibleInFull`,
 * `limitedPatient`); this file checks that every surface shows a given user the same thing.
 */

const person = {
  givenName: 'Imogen',
  familyName: 'Quarrington',
  birthDate: '1979-05-21',
  sex: 'female',
  phone: '(660) 555-0177',
  email: 'imogen.quarrington@example.org',
  address: { line: '12 Elm St', city: 'Kirksville', postalCode: '63501' },
  flags: [{ flag: 'pregnant' }],
};

/** What a surface showed of the patient: refused (the role may not call it), or the item. */
type Shown = { status: number; item?: Record<string, unknown>; body: string };
type Surface = 'search' | 'duplicates' | 'outbox' | 'audit';

/** RFC 4180 rows (quoted cells, doubled quotes, CRLF), enough to read the export back. */
function csvRecords(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  const [header, ...rest] = rows;
  return rest.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

describe.each(ENGINES)('restricted records show one view per user on %s', (engine) => {
  let t: TestApp;
  let k: TestClinic;
  let id: string;
  let stored: Record<string, unknown>;

  beforeAll(async () => {
    t = await startTestApp(engine);
    k = await makeClinic(t);
    const admin = await login(t, k.users.admin.email);
    const created = await admin.req('POST', '/api/v1/patients', {
      ...person,
      restricted: true,
      careTeam: [k.users.clinician.id],
    });
    expect(created.statusCode, created.body).toBe(201);
    stored = created.json();
    id = stored.id as string;
    // A message about the patient in the outbox, and entries about them in the audit trail.
    const invited = await admin.req('POST', `/api/v1/patients/${id}/portal-invitation`);
    expect(invited.statusCode, invited.body).toBe(201);
    expect((await admin.req('GET', `/api/v1/patients/${id}`)).statusCode).toBe(200);
  });
  afterAll(() => t.close());

  const limited = () => ({
    id,
    name: 'Imogen Quarrington',
    givenName: 'Imogen',
    familyName: 'Quarrington',
    birthDate: '1979-05-21',
    restricted: true,
    limited: true,
  });

  /** Every surface that names patients, as this user sees the restricted patient on it. */
  async function surfaces(c: Client): Promise<Record<Surface, Shown>> {
    const get = async (url: string, pick: (res: { json: () => unknown; body: string }) => unknown) => {
      const res = await c.req('GET', url);
      return {
        status: res.statusCode,
        body: res.body,
        ...(res.statusCode === 200 ? { item: pick(res) as Record<string, unknown> | undefined } : {}),
      };
    };
    return {
      search: await get('/api/v1/patients?q=quarrington', (r) =>
        (r.json() as { results: { id: string }[] }).results.find((x) => x.id === id),
      ),
      duplicates: await get(
        `/api/v1/patients/duplicates?givenName=Imogen&familyName=Quarrington&birthDate=${person.birthDate}`,
        (r) => (r.json() as { candidates: { id?: string }[] }).candidates.find((x) => x.id === id),
      ),
      outbox: await get('/api/v1/outbox?kind=portal-invitation', (r) =>
        (r.json() as { results: { patientId: string }[] }).results.find((x) => x.patientId === id),
      ),
      audit: await get(`/api/v1/audit?patientId=${id}&format=csv`, (r) => {
        const rows = csvRecords(r.body);
        return { names: [...new Set(rows.map((x) => x.patientName))], count: rows.length };
      }),
    };
  }

  it('front desk outside the care team: name and date of birth only, the same on every surface', async () => {
    const fd = await login(t, k.users.frontdesk.email);
    const seen = await surfaces(fd);
    expect(seen.search.item).toEqual(limited());
    expect(seen.duplicates.item).toEqual(limited());
    expect(seen.outbox.item).toMatchObject({ kind: 'portal-invitation', to: null, limited: true });
    expect(seen.outbox.item!.patient).toEqual(limited());
    // The audit report is an admin's: refused, and so shows nothing.
    expect(seen.audit.status).toBe(403);
    for (const [surface, shown] of Object.entries(seen)) {
      for (const secret of [person.email, '555-0177', '5550177', 'pregnant', 'Elm St'])
        expect(shown.body, `${surface} shows ${secret}`).not.toContain(secret);
    }
    // The record itself does not open for them (a live emergency grant would open it).
    expect((await fd.req('GET', `/api/v1/patients/${id}`)).statusCode).toBe(404);
  });

  it('a clinician in the care team sees the record in full wherever the role may look', async () => {
    const doc = await login(t, k.users.clinician.email);
    const seen = await surfaces(doc);
    expect(seen.search.item).toEqual({
      id,
      name: 'Imogen Quarrington',
      givenName: 'Imogen',
      familyName: 'Quarrington',
      birthDate: '1979-05-21',
      sex: 'female',
      phone: stored.phone,
      email: person.email,
      restricted: true,
      flags: [{ flag: 'pregnant' }],
    });
    expect(seen.duplicates.item).toEqual({
      id,
      name: 'Imogen Quarrington',
      birthDate: '1979-05-21',
      restricted: false,
    });
    // The outbox and the audit report are not a clinician's.
    expect(seen.outbox.status).toBe(403);
    expect(seen.audit.status).toBe(403);
  });

  it('an admin sees the record in full on every surface, and the export names the patient', async () => {
    const admin = await login(t, k.users.admin.email);
    const seen = await surfaces(admin);
    expect(seen.search.item).toMatchObject({ id, phone: stored.phone, email: person.email, sex: 'female' });
    expect(seen.search.item).not.toHaveProperty('limited');
    expect(seen.duplicates.item).toEqual({
      id,
      name: 'Imogen Quarrington',
      birthDate: '1979-05-21',
      restricted: false,
    });
    expect(seen.outbox.item).toMatchObject({ to: person.email });
    expect(seen.outbox.item).not.toHaveProperty('limited');
    expect(seen.outbox.item!.patient).toEqual({
      id,
      name: 'Imogen Quarrington',
      givenName: 'Imogen',
      familyName: 'Quarrington',
      birthDate: '1979-05-21',
      restricted: true,
    });
    expect(seen.audit.status).toBe(200);
    expect(seen.audit.item).toMatchObject({ names: ['Imogen Quarrington'] });
    expect(seen.audit.item!.count).toBeGreaterThanOrEqual(3);
  });
});

// The appointment list and the waiting lists apply the same rule (the limited patient above, and no
// reason, pain score or note): src/server/features/scheduling/restricted-lists.test.ts.
