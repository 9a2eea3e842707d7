import { Anchor, Box, Button, Container, Group, List, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { Brand } from '../../components/Brand';
import { usePageTitle } from '../../components/usePageTitle';

/** `/book`: the public entry to online booking. Booking itself needs the patient's own account. */
export function PublicBookPage() {
  usePageTitle('Book a visit');
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Box component="header" className="landing-header">
        <Container size="lg" py="sm">
          <Group justify="space-between" wrap="nowrap">
            <Brand />
            <Button component={Link} to="/login?next=%2Fapp%2Fbook" variant="default">
              Sign in
            </Button>
          </Group>
        </Container>
      </Box>
      <Container component="main" id="main" tabIndex={-1} size="sm" py="xl">
        <Stack gap="lg">
          <Title order={1}>Book a visit online</Title>
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
              Your clinic creates your patient account. Call or visit the clinic to get one; they can also
              book your first visit for you.
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
