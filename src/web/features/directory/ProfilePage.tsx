import { Anchor, Badge, Button, Container, Group, List, Rating, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { useApiGet } from '../../api/useApi';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { usePageTitle } from '../../components/usePageTitle';
import { addressLine, bookingHref, byDay, displayName, slotLabel, zoneName } from './format';
import { ageLabel, conditionLabel, insuranceLabel, languageLabel, techniqueLabel } from './labels';
import { physicianJsonLd } from './jsonLd';
import { PublicHeader } from '../../components/PublicHeader';
import type { Profile, PublicReview } from './types';
import './directory.css';

/** `/find-a-do/:id` (logged out): one DO's listing, the next free times per visit type, reviews. */
export function ProfilePage() {
  const { id = '' } = useParams();
  const profile = useApiGet<Profile>(`/api/v1/directory/practitioners/${encodeURIComponent(id)}`);
  const reviews = useApiGet<{ results: PublicReview[] }>(
    profile.data ? `/api/v1/directory/practitioners/${encodeURIComponent(id)}/reviews` : null,
  );
  const p = profile.data;
  usePageTitle(p ? displayName(p) : 'Practitioner');
  return (
    <>
      <PublicHeader />
      <Container component="main" id="main" tabIndex={-1} size="sm" py="lg">
        {profile.loading && !p ? <Loading /> : null}
        <ProblemAlert error={profile.error} title="This listing could not be shown" />
        {profile.error ? (
          <Anchor component={Link} to="/find-a-do">
            Search the directory again
          </Anchor>
        ) : null}
        {p ? <ProfileBody p={p} reviews={reviews.data?.results ?? []} /> : null}
      </Container>
    </>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Stack gap={4} component="section">
      <Title order={2} size="h4">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

function ProfileBody({ p, reviews }: { p: Profile; reviews: PublicReview[] }) {
  const address = addressLine(p);
  return (
    <Stack gap="md">
      <script
        type="application/ld+json"
        // JSON-LD is data, not script: the browser never runs it. `<` is escaped so no text ends the tag.
        dangerouslySetInnerHTML={{ __html: JSON.stringify(physicianJsonLd(p)).replace(/</g, '\\u003c') }}
      />
      <Stack gap={4}>
        <Title order={1}>{displayName(p)}</Title>
        {p.clinic.name ? <Text fw={600}>{p.clinic.name}</Text> : null}
        {address ? <Text>{address}</Text> : null}
        {p.clinic.phone ? (
          <Anchor href={`tel:${p.clinic.phone.replace(/[^+\d]/g, '')}`}>{p.clinic.phone}</Anchor>
        ) : null}
        <Group gap={6}>
          {p.acceptingNewPatients ? (
            <Badge variant="light" tt="none">
              Accepting new patients
            </Badge>
          ) : null}
          {p.telehealth ? (
            <Badge variant="light" color="gray" tt="none">
              Telehealth
            </Badge>
          ) : null}
          {p.source === 'registry' ? (
            <Badge variant="light" color="gray" tt="none">
              From the public NPI registry
            </Badge>
          ) : null}
        </Group>
      </Stack>

      <Section title="Book a visit">
        {p.onlineBooking && p.slots.some((s) => s.starts.length) ? (
          <Stack gap="sm">
            {p.slots
              .filter((s) => s.starts.length)
              .map((s) => (
                <Stack key={s.appointmentType} gap={6}>
                  <Text fw={600}>
                    {s.name} ({s.durationMinutes} min)
                    {s.starts[0] ? ` · times in ${zoneName(p.timeZone, s.starts[0])}` : ''}
                  </Text>
                  {byDay(s.starts, p.timeZone).map(([day, times]) => (
                    <Group key={day} gap="xs" align="center">
                      <Text size="sm" w={90}>
                        {day}
                      </Text>
                      <div className="directory-slots">
                        {times.map(({ start, time }) => (
                          <Button
                            key={start}
                            component={Link}
                            to={bookingHref(p, { appointmentType: s.appointmentType, start }) ?? '/find-a-do'}
                            variant="light"
                            size="sm"
                            aria-label={`Book ${s.name} on ${slotLabel(start, p.timeZone)}`}
                          >
                            {time}
                          </Button>
                        ))}
                      </div>
                    </Group>
                  ))}
                </Stack>
              ))}
            <Text size="sm">
              You sign in (or create your patient account) and confirm the time on the next screens.
            </Text>
          </Stack>
        ) : (
          <Text>
            {p.source === 'registry'
              ? 'This listing comes from the national provider registry: book by calling the practice.'
              : 'No free time is offered online at the moment: call the practice to book.'}
          </Text>
        )}
      </Section>

      <Section title="Credentials">
        {p.boardCertifications.length ? (
          <List spacing={4}>
            {p.boardCertifications.map((c, i) => (
              <List.Item key={i}>
                {c.board} — {c.specialty} ({c.status}){' '}
                {c.verified ? (
                  <Text span size="sm">
                    · verified on {c.verifiedOn} at{' '}
                    <Anchor href={c.source!} target="_blank" rel="noreferrer">
                      the board’s lookup
                    </Anchor>
                  </Text>
                ) : (
                  <Text span size="sm" c="dimmed">
                    · not verified
                  </Text>
                )}
              </List.Item>
            ))}
          </List>
        ) : (
          <Text>No board certification listed.</Text>
        )}
        {p.faao ? (
          <Text>
            Fellow of the American Academy of Osteopathy (FAAO){' '}
            {p.faao.verified ? `· verified on ${p.faao.verifiedOn}` : '· not verified'}
          </Text>
        ) : null}
        {p.npi ? <Text size="sm">NPI {p.npi}</Text> : null}
      </Section>

      {p.techniques.length ? (
        <Section title="Techniques offered">
          <Text>{p.techniques.map(techniqueLabel).join(', ')}</Text>
        </Section>
      ) : null}
      {p.conditions.length ? (
        <Section title="Conditions treated">
          <Text>{p.conditions.map(conditionLabel).join(', ')}</Text>
        </Section>
      ) : null}
      {p.ages.length || p.languages.length || p.insurance.length ? (
        <Section title="Patients, languages and insurance">
          {p.ages.length ? <Text>Sees: {p.ages.map(ageLabel).join(', ')}</Text> : null}
          {p.languages.length ? <Text>Languages: {p.languages.map(languageLabel).join(', ')}</Text> : null}
          {p.insurance.length ? <Text>Insurance: {p.insurance.map(insuranceLabel).join(', ')}</Text> : null}
        </Section>
      ) : null}

      <Section title="Reviews from verified visits">
        {p.reviews.count ? (
          <Group gap="xs">
            <Rating value={p.reviews.average ?? 0} fractions={10} readOnly aria-hidden />
            <Text>
              {p.reviews.average} out of 5 from {p.reviews.count} review{p.reviews.count === 1 ? '' : 's'}
            </Text>
          </Group>
        ) : (
          <Text>No reviews yet.</Text>
        )}
        {reviews.map((r, i) => (
          <Stack key={i} gap={2} className="directory-review">
            <Text size="sm" fw={600}>
              {r.rating} out of 5 · {r.date} · verified visit
            </Text>
            {r.text ? <Text size="sm">{r.text}</Text> : null}
          </Stack>
        ))}
      </Section>
      <Anchor component={Link} to="/find-a-do">
        ← Back to the search
      </Anchor>
    </Stack>
  );
}
