import { Anchor, Button, Container, List, Stack, Text, Title } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import { useApiGet } from '../../api/useApi';
import { PublicHeader } from '../../components/PublicHeader';
import { usePageTitle } from '../../components/usePageTitle';

/**
 * `/book` (or `/book?clinic=<id>` from a clinic's own site): the public entry to online booking.
 * Booking needs the patient's own account: sign in, or sign up with this clinic. With a single
 * clinic on the server, that one is meant.
 */
export function PublicBookPage() {
  usePageTitle('Book a visit');
  const [params] = useSearchParams();
  const clinics = useApiGet<{ results: { id: string; name: string }[] }>('/api/v1/signup/clinics');
  const list = clinics.data?.results ?? [];
  const wanted = params.get('clinic');
  const clinic = list.find((c) => c.id === wanted) ?? (list.length === 1 ? list[0] : undefined);
  const signupTo = `/signup${clinic ? `?clinic=${encodeURIComponent(clinic.id)}` : ''}`;
  return (
    <>
      <PublicHeader />
      <Container component="main" id="main" tabIndex={-1} size="sm" py="xl">
        <Stack gap="lg">
          <Title order={1}>Book a visit online{clinic ? ` at ${clinic.name}` : ''}</Title>
          <Text size="lg">
            Sign in to your patient account to see free times and book in about a minute, on your phone or
            computer.
          </Text>
          <Button component={Link} to="/login?next=%2Fapp%2Fbook" size="lg" fullWidth maw={360}>
            Sign in to book
          </Button>
          <Stack gap="xs">
            <Title order={2} size="h4">
              How it works
            </Title>
            <List spacing={6}>
              <List.Item>
                Choose the kind of visit: you see how long it takes and the self-pay price.
              </List.Item>
              <List.Item>Choose a doctor, or “first available” to see the earliest free times.</List.Item>
              <List.Item>
                Pick a day and a time. Times are shown in the clinic’s time zone, and in yours if it differs.
              </List.Item>
              <List.Item>Confirm. You can reschedule or cancel later from your record.</List.Item>
            </List>
          </Stack>
          <Stack gap="xs">
            <Title order={2} size="h4">
              No account yet?
            </Title>
            <Text>
              Create one in two minutes with your name, date of birth and email. If the clinic already knows
              you, your account opens your existing record; otherwise a new one is started.
            </Text>
            <Button component={Link} to={signupTo} variant="default" size="md" fullWidth maw={360}>
              Create your patient account
            </Button>
            <Text size="sm">
              Got an invitation email from the clinic? Open its link to set your password.
            </Text>
          </Stack>
          <Anchor component={Link} to="/">
            ← Back to the home page
          </Anchor>
        </Stack>
      </Container>
    </>
  );
}
