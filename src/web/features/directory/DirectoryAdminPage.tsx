import { Anchor, Badge, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, toApiError, type ApiError } from '../../api/client';
import { useApiGet } from '../../api/useApi';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { usePageTitle } from '../../components/usePageTitle';
import { ListingForm } from './ListingForm';
import type { DirectoryResult } from './types';
import './directory.css';

interface ProfileRow {
  practitionerId: string;
  name: string;
  listed: boolean;
  profile: (DirectoryResult & { published: boolean }) | null;
}
interface ReviewRow {
  id: string;
  practitionerId: string;
  rating: number;
  text: string;
  date: string;
  hidden: boolean;
  hiddenReason: string | null;
}

/** `/app/admin/directory`: the clinic's public listings, and moderation of its reviews. */
export function DirectoryAdminPage() {
  usePageTitle('Directory listings');
  const profiles = useApiGet<{ results: ProfileRow[] }>('/api/v1/directory/profiles');
  const reviews = useApiGet<{ results: ReviewRow[] }>('/api/v1/directory/reviews');
  const [open, setOpen] = useState<string | null>(null);
  const names = new Map((profiles.data?.results ?? []).map((p) => [p.practitionerId, p.name]));
  return (
    <Stack gap="lg">
      <Title order={1}>Directory listings</Title>
      <Text>
        What the public directory (
        <Anchor component={Link} to="/find-a-do">
          Find a DO
        </Anchor>
        ) shows of your practitioners. Free times come from their booking calendar.
      </Text>
      <ProblemAlert error={profiles.error} title="Could not load the listings" />
      {profiles.loading && !profiles.data ? <Loading /> : null}
      {(profiles.data?.results ?? []).map((p) => (
        <Card key={p.practitionerId} withBorder radius="md" padding="md">
          <Group justify="space-between">
            <Group gap="xs">
              <Title order={2} size="h4">
                {p.name}
              </Title>
              <Badge variant="light" color={p.listed ? 'sage' : 'gray'} tt="none">
                {p.listed ? 'Listed' : 'Not listed'}
              </Badge>
            </Group>
            <Button
              variant="default"
              size="xs"
              aria-expanded={open === p.practitionerId}
              onClick={() => setOpen(open === p.practitionerId ? null : p.practitionerId)}
            >
              {open === p.practitionerId ? 'Close' : 'Edit listing'}
            </Button>
          </Group>
          {open === p.practitionerId ? (
            <Stack pt="md">
              <ListingForm practitionerId={p.practitionerId} listing={p.profile} onSaved={profiles.reload} />
            </Stack>
          ) : null}
        </Card>
      ))}
      <Title order={2}>Reviews</Title>
      <ProblemAlert error={reviews.error} title="Could not load the reviews" />
      {reviews.data && reviews.data.results.length === 0 ? <Text>No reviews yet.</Text> : null}
      {(reviews.data?.results ?? []).map((r) => (
        <ReviewCard
          key={r.id}
          r={r}
          practitioner={names.get(r.practitionerId) ?? ''}
          onHidden={reviews.reload}
        />
      ))}
    </Stack>
  );
}

function ReviewCard({
  r,
  practitioner,
  onHidden,
}: {
  r: ReviewRow;
  practitioner: string;
  onHidden: () => void;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const hide = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.post(`/api/v1/directory/reviews/${encodeURIComponent(r.id)}/hide`, { reason });
      onHidden();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap={6}>
        <Text fw={600}>
          {r.rating} out of 5 · {practitioner} · {r.date}
        </Text>
        {r.text ? <Text>{r.text}</Text> : null}
        {r.hidden ? (
          <Text c="dimmed">Hidden from the public: {r.hiddenReason}</Text>
        ) : (
          <Group align="flex-end">
            <TextInput
              label="Reason for hiding"
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              maxLength={500}
            />
            <Button
              variant="default"
              color="red"
              onClick={() => void hide()}
              loading={busy}
              disabled={reason.trim().length < 3}
            >
              Hide review
            </Button>
          </Group>
        )}
        <ProblemAlert error={error} title="The review was not hidden" />
      </Stack>
    </Card>
  );
}
