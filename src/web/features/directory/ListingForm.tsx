import {
  Button,
  Checkbox,
  Group,
  MultiSelect,
  NativeSelect,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { request, toApiError, type ApiError } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { fieldErrorMap } from '../../components/fieldErrors';
import {
  AGE_GROUPS,
  BOARDS,
  CERTIFICATION_STATUSES,
  CONDITION_LABELS,
} from '../../../domain/directory/vocabulary.ts';
import { INSURANCE_OPTIONS, LANGUAGE_OPTIONS, TECHNIQUE_OPTIONS, ageLabel } from './labels';
import type { DirectoryResult } from './types';

interface Cert {
  board: string;
  specialty: string;
  status: string;
  verifiedOn: string;
  source: string;
}

const CONDITION_OPTIONS = Object.entries(CONDITION_LABELS).map(([value, label]) => ({ value, label }));
const AGE_OPTIONS = AGE_GROUPS.map((a) => ({ value: a, label: ageLabel(a) }));

/** What the form edits, from the saved listing (or empty for a practitioner never listed). */
function initial(p: (DirectoryResult & { published: boolean }) | null) {
  return {
    published: p?.published ?? false,
    credentials: (p?.credentials ?? ['DO']).join(', '),
    certs: (p?.boardCertifications ?? []).map((c) => ({
      board: c.board,
      specialty: c.specialty,
      status: c.status,
      verifiedOn: c.verifiedOn ?? '',
      source: c.source ?? '',
    })) as Cert[],
    faao: !!p?.faao,
    faaoVerifiedOn: p?.faao?.verifiedOn ?? '',
    faaoSource: p?.faao?.source ?? '',
    techniques: p?.techniques ?? [],
    conditions: p?.conditions ?? [],
    ages: p?.ages ?? [],
    languages: p?.languages ?? ['en'],
    insurance: p?.insurance ?? [],
    acceptingNewPatients: p?.acceptingNewPatients ?? true,
    telehealth: p?.telehealth ?? false,
    onlineBooking: p?.onlineBooking ?? true,
    practiceName: p?.clinic.name ?? '',
    line: p?.clinic.address?.line ?? '',
    city: p?.clinic.address?.city ?? '',
    state: p?.clinic.address?.state ?? '',
    postalCode: p?.clinic.address?.postalCode ?? '',
    phone: p?.clinic.phone ?? '',
  };
}
type Values = ReturnType<typeof initial>;

const orNull = (s: string) => (s.trim() ? s.trim() : null);

function bodyOf(v: Values) {
  return {
    published: v.published,
    credentials: v.credentials
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean),
    boardCertifications: v.certs.map((c) => ({
      board: c.board,
      specialty: c.specialty,
      status: c.status,
      verifiedOn: orNull(c.verifiedOn),
      source: orNull(c.source),
    })),
    faao: v.faao ? { verifiedOn: orNull(v.faaoVerifiedOn), source: orNull(v.faaoSource) } : null,
    techniques: v.techniques,
    conditions: v.conditions,
    ages: v.ages,
    languages: v.languages,
    insurance: v.insurance,
    acceptingNewPatients: v.acceptingNewPatients,
    telehealth: v.telehealth,
    onlineBooking: v.onlineBooking,
    practiceName: orNull(v.practiceName),
    address: v.line.trim()
      ? {
          line: v.line.trim(),
          city: v.city.trim(),
          state: orNull(v.state.toUpperCase()),
          postalCode: v.postalCode.trim(),
        }
      : null,
    phone: orNull(v.phone),
  };
}

/**
 * A clinic admin's form for one practitioner's public listing. A certification counts as verified
 * only with the date it was checked and the https address it was checked at.
 */
export function ListingForm({
  practitionerId,
  listing,
  onSaved,
}: {
  practitionerId: string;
  listing: (DirectoryResult & { published: boolean }) | null;
  onSaved: () => void;
}) {
  const [v, setV] = useState(() => initial(listing));
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const errs = fieldErrorMap(error);
  const set =
    <K extends keyof Values>(k: K) =>
    (value: Values[K]) => {
      setSaved(false);
      setV((prev) => ({ ...prev, [k]: value }));
    };
  const setCert = (i: number, k: keyof Cert, value: string) =>
    set('certs')(v.certs.map((c, j) => (j === i ? { ...c, [k]: value } : c)));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await request('PUT', `/api/v1/directory/profiles/${encodeURIComponent(practitionerId)}`, bodyOf(v));
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)}>
      <Stack gap="sm">
        <Switch
          label="Show in the public directory"
          checked={v.published}
          onChange={(e) => set('published')(e.currentTarget.checked)}
        />
        <TextInput
          label="Credentials"
          description="Comma-separated, e.g. DO, C-NMM/OMM"
          value={v.credentials}
          onChange={(e) => set('credentials')(e.currentTarget.value)}
          error={errs.credentials}
        />
        <Title order={4} size="h5">
          Board certifications
        </Title>
        {v.certs.map((c, i) => (
          <Stack key={i} gap={6} className="directory-cert">
            <Group grow align="flex-start">
              <NativeSelect
                label="Board"
                value={c.board}
                onChange={(e) => setCert(i, 'board', e.currentTarget.value)}
                data={[...BOARDS]}
              />
              <NativeSelect
                label="Status"
                value={c.status}
                onChange={(e) => setCert(i, 'status', e.currentTarget.value)}
                data={[...CERTIFICATION_STATUSES]}
              />
            </Group>
            <TextInput
              label="Specialty"
              value={c.specialty}
              onChange={(e) => setCert(i, 'specialty', e.currentTarget.value)}
              error={errs[`boardCertifications/${i}/specialty`]}
            />
            <Group grow align="flex-start">
              <TextInput
                label="Verified on"
                type="date"
                value={c.verifiedOn}
                onChange={(e) => setCert(i, 'verifiedOn', e.currentTarget.value)}
                error={errs[`boardCertifications/${i}/verifiedOn`]}
              />
              <TextInput
                label="Checked at (https address)"
                value={c.source}
                onChange={(e) => setCert(i, 'source', e.currentTarget.value)}
                error={errs[`boardCertifications/${i}/source`]}
              />
            </Group>
            <Button
              variant="subtle"
              color="red"
              size="xs"
              onClick={() => set('certs')(v.certs.filter((_, j) => j !== i))}
            >
              Remove this certification
            </Button>
          </Stack>
        ))}
        <Button
          variant="default"
          size="xs"
          onClick={() =>
            set('certs')([
              ...v.certs,
              { board: 'AOBNMM', specialty: '', status: 'active', verifiedOn: '', source: '' },
            ])
          }
        >
          Add a certification
        </Button>
        <Checkbox
          label="Fellow of the American Academy of Osteopathy (FAAO)"
          checked={v.faao}
          onChange={(e) => set('faao')(e.currentTarget.checked)}
        />
        {v.faao ? (
          <Group grow align="flex-start">
            <TextInput
              label="FAAO verified on"
              type="date"
              value={v.faaoVerifiedOn}
              onChange={(e) => set('faaoVerifiedOn')(e.currentTarget.value)}
              error={errs['faao/verifiedOn']}
            />
            <TextInput
              label="Checked at (https address)"
              value={v.faaoSource}
              onChange={(e) => set('faaoSource')(e.currentTarget.value)}
              error={errs['faao/source']}
            />
          </Group>
        ) : null}
        <MultiSelect
          label="Techniques offered"
          data={TECHNIQUE_OPTIONS}
          value={v.techniques}
          onChange={set('techniques')}
          searchable
        />
        <MultiSelect
          label="Conditions treated"
          data={CONDITION_OPTIONS}
          value={v.conditions}
          onChange={set('conditions')}
          searchable
        />
        <MultiSelect label="Ages seen" data={AGE_OPTIONS} value={v.ages} onChange={set('ages')} />
        <MultiSelect
          label="Languages"
          data={LANGUAGE_OPTIONS}
          value={v.languages}
          onChange={set('languages')}
          searchable
        />
        <MultiSelect
          label="Insurance accepted"
          data={INSURANCE_OPTIONS}
          value={v.insurance}
          onChange={set('insurance')}
          searchable
        />
        <Group>
          <Switch
            label="Accepting new patients"
            checked={v.acceptingNewPatients}
            onChange={(e) => set('acceptingNewPatients')(e.currentTarget.checked)}
          />
          <Switch
            label="Telehealth"
            checked={v.telehealth}
            onChange={(e) => set('telehealth')(e.currentTarget.checked)}
          />
          <Switch
            label="Online booking"
            checked={v.onlineBooking}
            onChange={(e) => set('onlineBooking')(e.currentTarget.checked)}
          />
        </Group>
        <TextInput
          label="Practice name"
          value={v.practiceName}
          onChange={(e) => set('practiceName')(e.currentTarget.value)}
        />
        <TextInput
          label="Street address"
          value={v.line}
          onChange={(e) => set('line')(e.currentTarget.value)}
          error={errs['address/line']}
        />
        <Group grow align="flex-start">
          <TextInput
            label="City"
            value={v.city}
            onChange={(e) => set('city')(e.currentTarget.value)}
            error={errs['address/city']}
          />
          <TextInput
            label="State"
            maxLength={2}
            value={v.state}
            onChange={(e) => set('state')(e.currentTarget.value)}
            error={errs['address/state']}
          />
          <TextInput
            label="ZIP code"
            maxLength={5}
            value={v.postalCode}
            onChange={(e) => set('postalCode')(e.currentTarget.value)}
            error={errs['address/postalCode']}
          />
        </Group>
        <TextInput
          label="Phone"
          value={v.phone}
          onChange={(e) => set('phone')(e.currentTarget.value)}
          error={errs.phone}
        />
        <ProblemAlert error={error} shownPaths={Object.keys(errs)} title="The listing was not saved" />
        <Group>
          <Button type="submit" loading={busy}>
            Save listing
          </Button>
          {saved ? (
            <Text c="sage.8" role="status">
              Saved.
            </Text>
          ) : null}
        </Group>
      </Stack>
    </form>
  );
}
