import { Alert, Button, CopyButton, Group, List, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { toApiError, type ApiError } from '../../../api/client';
import { useApiGet } from '../../../api/useApi';
import { useSession } from '../../../auth/session';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { Loading } from '../../../components/Loading';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { formatInstant } from '../../../lib/format';
import { feedPath, revokeFeed, rotateFeed } from './api';
import type { FeedStatus, RotatedFeed } from './types';

function NewFeedUrl({ url, onDone }: { url: string; onDone: () => void }) {
  return (
    <Alert color="amber" title="Your private calendar address" role="status">
      <Stack gap="sm">
        <Text size="sm">
          Copy it now (or select it and copy): it is shown only once. Anyone with this address can see your
          appointment times (patients appear by initials only), so keep it private like a password.
        </Text>
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput
            label="Calendar address (URL)"
            readOnly
            value={url}
            onFocus={(e) => e.currentTarget.select()}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
            style={{ flex: '1 1 280px', minWidth: 0 }}
          />
          <CopyButton value={url} timeout={3000}>
            {({ copied, copy }) => (
              <Button onClick={copy} variant={copied ? 'light' : 'filled'} aria-live="polite">
                {copied ? 'Copied' : 'Copy address'}
              </Button>
            )}
          </CopyButton>
        </Group>
        <div>
          <Button variant="default" size="xs" onClick={onDone}>
            I have added it to my calendar
          </Button>
        </div>
      </Stack>
    </Alert>
  );
}

function HowToSubscribe() {
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} radius="md">
      <Stack gap="xs">
        <Title order={3} size="h5">
          How to subscribe
        </Title>
        <List size="sm" spacing={6}>
          <List.Item>
            <strong>Google Calendar</strong> (on a computer): Other calendars → <em>+</em> → <em>From URL</em>
            , paste the address, <em>Add calendar</em>.
          </List.Item>
          <List.Item>
            <strong>Apple Calendar</strong>: on a Mac, File → <em>New Calendar Subscription</em>; on an
            iPhone, Settings → Calendar → Accounts → Add Account → Other → <em>Add Subscribed Calendar</em>.
          </List.Item>
          <List.Item>
            <strong>Outlook</strong>: Add calendar → <em>Subscribe from web</em>, paste the address, Import.
          </List.Item>
        </List>
        <Text size="sm" c="dimmed">
          The calendar is read-only and shows visits from 30 days ago to 6 months ahead. Calendar apps refresh
          it on their own schedule (Google can take several hours). Google and Outlook fetch it from their own
          servers, so they can only reach it when this Stillpoint server is reachable from the internet at
          this address.
        </Text>
      </Stack>
    </Paper>
  );
}

interface Props {
  practitionerId: string;
  name: string;
  /** The signed-in clinician's own feed (wording: "your"). */
  own: boolean;
}

/** A practitioner's private iCalendar feed: status, create/rotate (URL shown once), revoke. */
export function FeedPanel({ practitionerId, name, own }: Props) {
  const { data, error: loadError, loading, reload } = useApiGet<FeedStatus>(feedPath(practitionerId));
  const [created, setCreated] = useState<RotatedFeed | null>(null);
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const whose = own ? 'your' : `${name}’s`;
  const zone = useSession().me.clinic.timeZone;

  const rotate = async () => {
    setBusy(true);
    setError(undefined);
    setStatus('');
    try {
      const feed = await rotateFeed(practitionerId);
      setCreated(feed);
      if (feed.rotated) setStatus('A new address was created; the previous one no longer works.');
      reload();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async () => {
    setError(undefined);
    setStatus('');
    try {
      await revokeFeed(practitionerId);
      setCreated(null);
      setStatus('The calendar feed is turned off; subscribed calendars stop updating.');
      reload();
    } catch (e) {
      setError(toApiError(e));
    }
  };

  const url = created ? new URL(created.url, window.location.origin).toString() : null;
  return (
    <Stack gap="sm" component="section" aria-labelledby="feed-title">
      <Title order={2} size="h3" id="feed-title">
        Calendar feed
      </Title>
      <Text size="sm" c="dimmed">
        See {whose} appointments in Google Calendar, Apple Calendar or Outlook, on your phone too. Visits show
        as “OMT visit” with the patient’s initials; no names, notes or diagnoses leave Stillpoint.
      </Text>
      <ProblemAlert error={loadError} title="Could not load the calendar feed" />
      <ProblemAlert error={error} title="The calendar feed was not changed" />
      <Text size="sm" role="status" aria-live="polite" c="sage.9" fw={500}>
        {status}
      </Text>
      {loading && !data ? <Loading label="Loading the calendar feed…" /> : null}
      {url ? <NewFeedUrl url={url} onDone={() => setCreated(null)} /> : null}
      {data ? (
        <Paper withBorder p={{ base: 'sm', sm: 'md' }} radius="md">
          <Stack gap="sm">
            {data.active ? (
              <Text size="sm">
                <strong>On.</strong> Created {formatInstant(data.createdAt, zone)}; last read by a calendar
                app: {data.lastUsedAt ? formatInstant(data.lastUsedAt, zone) : 'not yet'}. For safety the
                address is not shown again: create a new one if you lost it (the old one then stops working).
              </Text>
            ) : (
              <Text size="sm">
                <strong>Off.</strong> No calendar app can read {whose} appointments.
              </Text>
            )}
            <Group gap="sm">
              {data.active ? (
                <>
                  <ConfirmButton
                    variant="default"
                    confirmLabel="Create a new address"
                    message="Create a new calendar address? The current one stops working at once: calendars subscribed to it stop updating until you subscribe them to the new one."
                    onConfirm={rotate}
                  >
                    Create a new address
                  </ConfirmButton>
                  <ConfirmButton
                    variant="default"
                    color="red"
                    confirmLabel="Turn off the feed"
                    message="Turn off the calendar feed? Subscribed calendars stop updating; appointments already copied there may stay until the app refreshes."
                    onConfirm={revoke}
                  >
                    Turn off
                  </ConfirmButton>
                </>
              ) : (
                <Button onClick={() => void rotate()} loading={busy}>
                  Create calendar address
                </Button>
              )}
            </Group>
          </Stack>
        </Paper>
      ) : null}
      <HowToSubscribe />
    </Stack>
  );
}
