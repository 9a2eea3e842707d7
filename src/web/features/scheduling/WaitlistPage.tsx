import {
  Anchor,
  Badge,
  Button,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { toApiError, type ApiError } from '../../api/client';
import type { AppointmentType, Practitioner } from '../../../contracts/scheduling.ts';
import type { PatientSummary } from '../../../contracts/patients.ts';
import type { Results } from '../../../contracts/common.ts';
import { useApiGet } from '../../api/useApi';
import { useSession } from '../../auth/session';
import { ConfirmButton } from '../../components/ConfirmButton';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { usePageTitle } from '../../components/usePageTitle';
import { practitionerName, shortName } from './api';
import { PatientPicker } from './PatientPicker';
import './scheduling.css';
import { longDateTime, shortDate, timeIn, todayIn, zoneLabel } from './time';
import { canChangeWaitlist, leaveWaitlist, offersPath, useNow, waitlistPath } from './waitlist/api';
import { JoinWaitlistForm } from './waitlist/JoinWaitlistForm';
import {
  effectiveEntryStatus,
  effectiveOfferStatus,
  entryStatusColor,
  entryStatusLabel,
  holdLabel,
  offerStatusColor,
  offerStatusLabel,
  sortEntries,
  windowLabel,
  type EntryStatus,
  type OfferStatus,
  type WaitlistEntry,
  type WaitlistOffer,
} from './waitlist/model';
import { OfferActions } from './waitlist/OfferActions';

const ALL = 'all';
const OPEN = 'open';
const ENTRY_FILTERS: { value: string; label: string }[] = [
  { value: OPEN, label: 'Open (waiting or offered)' },
  { value: 'waiting', label: 'Waiting' },
  { value: 'offered', label: 'Offered a time' },
  { value: 'booked', label: 'Booked' },
  { value: 'cancelled', label: 'Left the list' },
  { value: ALL, label: 'All' },
];
const OFFER_FILTERS: { value: string; label: string }[] = [
  { value: ALL, label: 'All offers' },
  { value: 'pending', label: 'Offered (on hold)' },
  { value: 'accepted', label: 'Accepted' },
  { value: 'declined', label: 'Declined' },
  { value: 'expired', label: 'Expired' },
  { value: 'withdrawn', label: 'Withdrawn' },
];

/**
 * `/app/waitlist` (staff): who is waiting for what, the times offered from the list with their
 * holds, and (front desk, admin) adding a patient, taking one off, and answering an offer for a
 * patient who calls. Filters live in the URL (ids and statuses only).
 */
export function WaitlistPage() {
  usePageTitle('Waitlist');
  const { me, role } = useSession();
  const canChange = canChangeWaitlist(role);
  const zone = me.clinic.timeZone;
  const now = useNow(15_000);
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? OPEN;
  const pr = params.get('pr') ?? ALL;
  const type = params.get('type') ?? ALL;
  const offerStatus = params.get('offers') ?? ALL;

  const set = useCallback(
    (key: string, value: string, fallback: string) => {
      const next = new URLSearchParams(params);
      if (value === fallback) next.delete(key);
      else next.set(key, value);
      setParams(next, { replace: true });
    },
    [params, setParams],
  );

  const types = useApiGet<AppointmentType[]>('/api/v1/appointment-types');
  const practitioners = useApiGet<Practitioner[]>('/api/v1/practitioners');
  const entries = useApiGet<Results<WaitlistEntry>>(
    waitlistPath({
      status: status === OPEN || status === ALL ? undefined : (status as EntryStatus),
      practitionerId: pr === ALL ? undefined : pr,
    }),
  );
  const offers = useApiGet<Results<WaitlistOffer>>(
    offersPath({ status: offerStatus === ALL ? undefined : (offerStatus as OfferStatus) }),
  );

  const [adding, setAdding] = useState(false);
  const [patient, setPatient] = useState<PatientSummary | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [leaveError, setLeaveError] = useState<ApiError | undefined>();
  const addButtonRef = useRef<HTMLButtonElement>(null);
  // After a patient was added, focus returns to the add button once it is drawn again (an effect:
  // a frame requested from the answer's callback can come before React has drawn it).
  const [added, setAdded] = useState(0);
  useEffect(() => {
    if (added) addButtonRef.current?.focus();
  }, [added]);

  const reload = () => {
    entries.reload();
    offers.reload();
  };
  const label = (id: string | null) => (id ? practitionerName(practitioners.data, id) : 'Any practitioner');
  const zoneOf = (id: string | null) => practitioners.data?.find((p) => p.id === id)?.timeZone ?? zone;
  const typeName = (code: string) => types.data?.find((t) => t.id === code)?.name ?? code;
  const today = todayIn(zone);

  const shown = useMemo(() => {
    const list = (entries.data?.results ?? []).filter(
      (e) =>
        (status !== OPEN || e.status === 'waiting' || e.status === 'offered') &&
        (type === ALL || e.appointmentType === type),
    );
    return sortEntries(list);
  }, [entries.data, status, type]);
  const offerList = offers.data?.results ?? [];
  const live = offerList.filter((o) => effectiveOfferStatus(o, now) === 'pending').length;
  const waitingCount = (entries.data?.results ?? []).filter((e) => e.status === 'waiting').length;

  let entriesStatus = '';
  if (entries.data)
    entriesStatus =
      shown.length === 0
        ? 'Nobody matches these filters.'
        : `${shown.length} ${shown.length === 1 ? 'entry' : 'entries'} shown.`;

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>Waitlist</Title>
        <Text size="sm" c="dimmed" maw={720}>
          When a time frees up (a cancellation, a move, or an offer declined or run out) the first matching
          patient in line is offered it, and the time is held for them until they answer or the hold runs out.
          Times in {zoneLabel(zone)}.
        </Text>
      </div>

      <Text size="sm" role="status" aria-live="polite" fw={announcement ? 600 : undefined}>
        {announcement}
      </Text>
      <ProblemAlert
        error={types.error ?? practitioners.error}
        title="Could not load the visit types or practitioners"
      />

      <Stack gap="sm" component="section" aria-labelledby="entries-title">
        <Group justify="space-between" align="flex-end" gap="sm">
          <Title order={2} size="h3" id="entries-title">
            Waiting patients
          </Title>
          {canChange && !adding ? (
            <Button ref={addButtonRef} onClick={() => setAdding(true)}>
              Add a patient
            </Button>
          ) : null}
        </Group>

        {adding && types.data && practitioners.data ? (
          <Paper
            withBorder
            p={{ base: 'md', sm: 'lg' }}
            radius="md"
            maw={640}
            component="section"
            aria-labelledby="add-title"
          >
            <Stack gap="sm">
              <Title order={3} size="h4" id="add-title">
                Add a patient to the waitlist
              </Title>
              {patient ? (
                <Group gap="xs">
                  <Text>
                    Patient: <strong>{patient.name}</strong>
                  </Text>
                  <Button size="xs" variant="subtle" onClick={() => setPatient(null)}>
                    Change
                  </Button>
                </Group>
              ) : (
                <PatientPicker selectedId={null} onPick={setPatient} autoFocus />
              )}
              {patient ? (
                <JoinWaitlistForm
                  key={patient.id}
                  types={types.data}
                  practitioners={practitioners.data}
                  today={today}
                  patientId={patient.id}
                  idPrefix="staff-wl"
                  submitLabel="Add to the waitlist"
                  onJoined={(entry) => {
                    setAnnouncement(
                      `${patient.name} is on the waitlist for ${typeName(entry.appointmentType)} with ${label(entry.practitionerId)}, ${windowLabel(entry.from, entry.to, zoneOf(entry.practitionerId))}.`,
                    );
                    setPatient(null);
                    setAdding(false);
                    reload();
                    setAdded((n) => n + 1);
                  }}
                  onCancel={() => {
                    setAdding(false);
                    setPatient(null);
                  }}
                />
              ) : (
                <div>
                  <Button variant="default" onClick={() => setAdding(false)}>
                    Cancel
                  </Button>
                </div>
              )}
            </Stack>
          </Paper>
        ) : null}

        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm" maw={840}>
          <NativeSelect
            label="Status"
            value={status}
            onChange={(e) => set('status', e.currentTarget.value, OPEN)}
            data={ENTRY_FILTERS}
          />
          <NativeSelect
            label="Practitioner"
            description="Includes patients who take anyone"
            value={pr}
            onChange={(e) => set('pr', e.currentTarget.value, ALL)}
            data={[
              { value: ALL, label: 'All practitioners' },
              ...(practitioners.data ?? []).map((p) => ({ value: p.id, label: p.name })),
            ]}
          />
          <NativeSelect
            label="Visit type"
            value={type}
            onChange={(e) => set('type', e.currentTarget.value, ALL)}
            data={[
              { value: ALL, label: 'All visit types' },
              ...(types.data ?? []).map((t) => ({ value: t.id, label: t.name })),
            ]}
          />
        </SimpleGrid>
        <Text size="sm" role="status" aria-live="polite">
          {entriesStatus}
        </Text>
        <ProblemAlert error={entries.error} title="Could not load the waitlist" />
        <ProblemAlert error={leaveError} title="The patient is still on the waitlist" />
        {entries.loading && !entries.data ? <Loading label="Loading the waitlist…" /> : null}
        {shown.length > 0 ? (
          <ScrollTable label="Waiting patients" minWidth={860}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Patient</Table.Th>
                <Table.Th scope="col">Visit type</Table.Th>
                <Table.Th scope="col">With</Table.Th>
                <Table.Th scope="col">Days</Table.Th>
                <Table.Th scope="col">Added</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                {canChange ? (
                  // position: relative keeps the hidden text inside the scroll box (no page overflow on a phone).
                  <Table.Th scope="col" pos="relative">
                    <span className="visually-hidden">Actions</span>
                  </Table.Th>
                ) : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((e) => {
                const z = zoneOf(e.practitionerId);
                const name = e.patientName ?? 'Patient';
                const what = `${name}, ${typeName(e.appointmentType)}, ${windowLabel(e.from, e.to, z)}`;
                const offer = e.offer && effectiveOfferStatus(e.offer, now) === 'pending' ? e.offer : null;
                return (
                  <Table.Tr key={e.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/app/patients/${encodeURIComponent(e.patientId)}`}>
                        {name}
                      </Anchor>
                      {e.note ? (
                        <Text size="xs" c="dimmed">
                          {e.note}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>{typeName(e.appointmentType)}</Table.Td>
                    <Table.Td>{e.practitionerId ? shortName(label(e.practitionerId)) : 'Anyone'}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{windowLabel(e.from, e.to, z)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{shortDate(e.createdAt, zone)}</Table.Td>
                    <Table.Td>
                      <Badge color={entryStatusColor(effectiveEntryStatus(e, now))} variant="light" tt="none">
                        {entryStatusLabel(effectiveEntryStatus(e, now))}
                      </Badge>
                      {offer ? (
                        <Text size="xs" mt={2}>
                          {shortDate(offer.start, z)} {timeIn(offer.start, z)} ·{' '}
                          {holdLabel(offer.expiresAt, now, zone)}
                        </Text>
                      ) : null}
                    </Table.Td>
                    {canChange ? (
                      <Table.Td>
                        {e.status === 'waiting' || e.status === 'offered' ? (
                          <ConfirmButton
                            size="xs"
                            variant="subtle"
                            color="red"
                            confirmLabel="Remove from the waitlist"
                            aria-label={`Remove from the waitlist: ${what}`}
                            message={`Remove ${what} from the waitlist?${offer ? ' The time held for them is released and offered to the next patient.' : ''}`}
                            onConfirm={async () => {
                              setLeaveError(undefined);
                              try {
                                await leaveWaitlist(e.id);
                                setAnnouncement(`${name} is off the waitlist.`);
                                reload();
                              } catch (err) {
                                setLeaveError(toApiError(err));
                              }
                            }}
                          >
                            Remove
                          </ConfirmButton>
                        ) : null}
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </ScrollTable>
        ) : null}
        <Text size="sm" c="dimmed">
          {waitingCount} waiting{pr !== ALL ? ' for this practitioner or anyone' : ''}.
        </Text>
      </Stack>

      <Stack gap="sm" component="section" aria-labelledby="offers-title">
        <Group justify="space-between" align="flex-end" gap="sm">
          <Title order={2} size="h3" id="offers-title">
            Offers
          </Title>
          <Text size="sm">{live === 1 ? '1 time on hold' : `${live} times on hold`}</Text>
        </Group>
        <NativeSelect
          label="Show"
          value={offerStatus}
          onChange={(e) => set('offers', e.currentTarget.value, ALL)}
          data={OFFER_FILTERS}
          maw={280}
        />
        <ProblemAlert error={offers.error} title="Could not load the offers" />
        {offers.loading && !offers.data ? <Loading label="Loading offers…" /> : null}
        {offers.data && offerList.length === 0 ? <Text size="sm">No offers match.</Text> : null}
        {offerList.length > 0 ? (
          <ScrollTable label="Offers" minWidth={860}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Patient</Table.Th>
                <Table.Th scope="col">Time offered</Table.Th>
                <Table.Th scope="col">Offered</Table.Th>
                <Table.Th scope="col">Hold</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                {canChange ? (
                  // position: relative keeps the hidden text inside the scroll box (no page overflow on a phone).
                  <Table.Th scope="col" pos="relative">
                    <span className="visually-hidden">Actions</span>
                  </Table.Th>
                ) : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {offerList.map((o) => {
                const z = zoneOf(o.practitionerId);
                const st = effectiveOfferStatus(o, now);
                const name = o.patientName ?? 'Patient';
                const when = `${shortDate(o.start, z)} at ${timeIn(o.start, z)}`;
                return (
                  <Table.Tr key={o.id}>
                    <Table.Td>
                      {o.patientId ? (
                        <Anchor component={Link} to={`/app/patients/${encodeURIComponent(o.patientId)}`}>
                          {name}
                        </Anchor>
                      ) : (
                        name
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{when}</Text>
                      <Text size="xs" c="dimmed">
                        {shortName(label(o.practitionerId))}
                      </Text>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {shortDate(o.offeredAt, zone)} {timeIn(o.offeredAt, zone)}
                    </Table.Td>
                    <Table.Td>
                      {st === 'pending' ? (
                        holdLabel(o.expiresAt, now, zone)
                      ) : st === 'expired' || !o.respondedAt ? (
                        <Text size="sm">
                          Ran out {shortDate(o.expiresAt, zone)} {timeIn(o.expiresAt, zone)}
                        </Text>
                      ) : (
                        <Text size="sm">
                          {st === 'withdrawn' ? 'Withdrawn' : 'Answered'} {shortDate(o.respondedAt, zone)}{' '}
                          {timeIn(o.respondedAt, zone)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Badge color={offerStatusColor(st)} variant="light" tt="none">
                        {offerStatusLabel(st)}
                      </Badge>
                    </Table.Td>
                    {canChange ? (
                      <Table.Td>
                        {st === 'pending' ? (
                          <OfferActions
                            offerId={o.id}
                            description={`${name}, ${when}`}
                            onAccepted={(a) => {
                              setAnnouncement(
                                `Booked ${name} on ${longDateTime(a.start, z)} with ${label(a.practitionerId)}.`,
                              );
                              reload();
                            }}
                            onDeclined={() => {
                              setAnnouncement(
                                `Declined for ${name}; the time goes to the next patient waiting.`,
                              );
                              reload();
                            }}
                            onStale={reload}
                          />
                        ) : null}
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </ScrollTable>
        ) : null}
      </Stack>
    </Stack>
  );
}
