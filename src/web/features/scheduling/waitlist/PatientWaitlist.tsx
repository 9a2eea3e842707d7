import { Anchor, Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { toApiError, type ApiError } from '../../../api/client';
import type { Appointment, AppointmentType, Practitioner } from '../../../../contracts/scheduling.ts';
import type { Results } from '../../../../contracts/common.ts';
import { useApiGet } from '../../../api/useApi';
import { useSession } from '../../../auth/session';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { ProblemWithRetry } from '../../../components/ProblemWithRetry';
import { SectionCard } from '../../../components/SectionCard';
import { practitionerName } from '../api';
import { longDateTime } from '../time';
import { leaveWaitlist, offersPath, useNow, waitlistPath } from './api';
import { OfferCard } from './OfferCard';
import {
  effectiveEntryStatus,
  effectiveOfferStatus,
  entryStatusColor,
  entryStatusLabel,
  isLive,
  isOpenEntry,
  windowLabel,
  type WaitlistEntry,
  type WaitlistOffer,
} from './model';

/** Expired offers stay on screen this long, so a patient who comes back late learns what happened. */
const RECENT_MS = 48 * 3_600_000;

interface Props {
  /** An offer was accepted: the new visit belongs in the upcoming list. */
  onBooked: (appointment: Appointment) => void;
}

/**
 * The signed-in patient's waiting list: held times to accept or decline (with the hold's expiry),
 * recently expired offers, and the entries still waiting. Shows nothing for a patient who is not
 * waiting for anything.
 */
export function PatientWaitlist({ onBooked }: Props) {
  const { me } = useSession();
  const now = useNow(15_000);
  const entries = useApiGet<Results<WaitlistEntry>>(waitlistPath());
  const offers = useApiGet<Results<WaitlistOffer>>(offersPath());
  const types = useApiGet<AppointmentType[]>('/api/v1/appointment-types');
  const practitioners = useApiGet<Practitioner[]>('/api/v1/practitioners');
  const [message, setMessage] = useState<{ text: string; appointmentId?: string } | null>(null);
  const [leaveError, setLeaveError] = useState<ApiError | undefined>();

  const reload = () => {
    entries.reload();
    offers.reload();
  };
  const zoneOf = (practitionerId: string | null) =>
    practitioners.data?.find((p) => p.id === practitionerId)?.timeZone ?? me.clinic.timeZone;
  const typeName = (code: string | undefined) =>
    types.data?.find((t) => t.id === code)?.name ?? (code ? code : 'Visit');
  const entryById = new Map((entries.data?.results ?? []).map((e) => [e.id, e]));

  const open = (entries.data?.results ?? []).filter((e) => isOpenEntry(e, now));
  const offerList = offers.data?.results ?? [];
  const live = offerList.filter((o) => effectiveOfferStatus(o, now) === 'pending');
  const lapsed = offerList.filter(
    (o) =>
      effectiveOfferStatus(o, now) === 'expired' &&
      Date.parse(o.expiresAt) > now - RECENT_MS &&
      entryById.get(o.entryId)?.status !== 'booked',
  );
  const error = entries.error ?? offers.error;

  if (!error && !message && open.length === 0 && live.length === 0 && lapsed.length === 0) return null;

  const offerCard = (o: WaitlistOffer) => (
    <li key={o.id}>
      <OfferCard
        offer={o}
        zone={zoneOf(o.practitionerId)}
        now={now}
        practitionerName={practitionerName(practitioners.data, o.practitionerId)}
        typeName={typeName(entryById.get(o.entryId)?.appointmentType)}
        onAccepted={(a) => {
          setMessage({
            text: `Booked: ${longDateTime(a.start, zoneOf(a.practitionerId))} with ${practitionerName(practitioners.data, a.practitionerId)}. A confirmation is on its way.`,
            appointmentId: a.id,
          });
          reload();
          onBooked(a);
        }}
        onChanged={reload}
      />
    </li>
  );

  return (
    <SectionCard titleId="waitlist-title" title="Waitlist">
      <div role="status" aria-live="polite">
        {message ? (
          <Text size="sm" fw={600}>
            {message.text}{' '}
            {message.appointmentId ? (
              <Anchor component={Link} to={`/app/appointments/${message.appointmentId}`}>
                See the visit
              </Anchor>
            ) : null}
          </Text>
        ) : null}
      </div>
      <ProblemWithRetry error={error} title="Could not load your waitlist" onRetry={reload} />
      {live.length > 0 || lapsed.length > 0 ? (
        <Stack gap="sm" component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Offers">
          {live.map(offerCard)}
          {lapsed.map(offerCard)}
        </Stack>
      ) : null}
      {open.length > 0 ? (
        <>
          <Text size="sm">You are on the waitlist for:</Text>
          <Stack gap="xs" component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Waiting for">
            {open.map((e) => {
              const zone = zoneOf(e.practitionerId);
              const who = e.practitionerId
                ? practitionerName(practitioners.data, e.practitionerId)
                : 'any practitioner';
              const what = `${typeName(e.appointmentType)} with ${who}, ${windowLabel(e.from, e.to, zone)}`;
              return (
                <Paper component="li" key={e.id} withBorder p="sm" radius="md" bg="gray.0">
                  <Group justify="space-between" align="center" gap="xs" wrap="wrap">
                    <div>
                      <Text fw={600} size="sm">
                        {typeName(e.appointmentType)} with {who}
                      </Text>
                      <Text size="sm">{windowLabel(e.from, e.to, zone)}</Text>
                    </div>
                    <Group gap="xs">
                      <Badge color={entryStatusColor(effectiveEntryStatus(e, now))} variant="light" tt="none">
                        {entryStatusLabel(effectiveEntryStatus(e, now))}
                      </Badge>
                      <ConfirmButton
                        size="xs"
                        variant="subtle"
                        color="red"
                        confirmLabel="Leave the waitlist"
                        aria-label={`Leave the waitlist: ${what}`}
                        message={`Stop waiting for ${what}?${e.offer && isLive(e.offer, now) ? ' The time held for you is released.' : ''}`}
                        onConfirm={async () => {
                          setLeaveError(undefined);
                          try {
                            await leaveWaitlist(e.id);
                            setMessage({ text: `You left the waitlist for ${what}.` });
                            reload();
                          } catch (err) {
                            setLeaveError(toApiError(err));
                          }
                        }}
                      >
                        Leave
                      </ConfirmButton>
                    </Group>
                  </Group>
                </Paper>
              );
            })}
          </Stack>
        </>
      ) : null}
      <ProblemAlert error={leaveError} title="You are still on the waitlist" />
    </SectionCard>
  );
}
