import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { addressLine, bookingHref, displayName, distanceLabel, slotLabel } from './format';
import { languageLabel, techniqueLabel } from './labels';
import type { DirectoryResult } from './types';

/** One search result: who, where, how far, and the real next free time with a way to book it. */
export function ResultCard({ r }: { r: DirectoryResult }) {
  const certified = r.boardCertifications.some((c) => c.verified && c.status === 'active');
  const distance = distanceLabel(r.distanceKm);
  const book = bookingHref(r);
  const address = addressLine(r);
  return (
    <Card withBorder radius="md" padding="md" component="article" className="directory-card">
      <Stack gap={6}>
        {/* A heading for screen readers' navigation, set in the app's text font like the rest of the card. */}
        <Title order={2} ff="text" fw={600} fz="lg" lh={1.35}>
          <Anchor component={Link} to={`/find-a-do/${r.id}`} inherit>
            {displayName(r)}
          </Anchor>
        </Title>
        <Group gap={6}>
          {certified ? (
            <Badge color="sage" variant="light" tt="none">
              Board certified (verified)
            </Badge>
          ) : null}
          {r.faao?.verified ? (
            <Badge color="sage" variant="light" tt="none">
              FAAO (verified)
            </Badge>
          ) : null}
          {r.acceptingNewPatients ? (
            <Badge color="blue" variant="light" tt="none">
              Accepting new patients
            </Badge>
          ) : null}
          {r.telehealth ? (
            <Badge color="gray" variant="light" tt="none">
              Telehealth
            </Badge>
          ) : null}
        </Group>
        {r.clinic.name || address ? (
          <Text size="sm">
            {r.clinic.name ? <strong>{r.clinic.name}</strong> : null}
            {r.clinic.name && address ? ' · ' : null}
            {address}
          </Text>
        ) : null}
        {distance ? <Text size="sm">{distance} away</Text> : null}
        {r.techniques.length ? (
          <Text size="sm">
            <Text span fw={600}>
              Techniques:{' '}
            </Text>
            {r.techniques.map(techniqueLabel).join(', ')}
          </Text>
        ) : null}
        {r.languages.length ? (
          <Text size="sm">
            <Text span fw={600}>
              Languages:{' '}
            </Text>
            {r.languages.map(languageLabel).join(', ')}
          </Text>
        ) : null}
        {r.onlineBooking ? (
          <Group justify="space-between" align="center" gap="xs" mt={4}>
            <Text size="sm" fw={600}>
              {r.nextAvailable
                ? `Next free: ${slotLabel(r.nextAvailable, r.timeZone)}`
                : 'No free time online in the next two months'}
            </Text>
            {book ? (
              <Button component={Link} to={book} size="sm">
                Book
              </Button>
            ) : null}
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            {r.source === 'registry'
              ? 'From the public NPI registry: no online booking here. Call the practice to book.'
              : 'Online booking is not offered: call the practice to book.'}
            {r.clinic.phone ? ` ${r.clinic.phone}` : ''}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
