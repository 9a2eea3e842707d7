import { Button, Container, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { Brand } from './Brand';
import { usePageTitle } from './usePageTitle';

/** Public "page not found" (paths outside /app). */
export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <Container size="sm" py="xl">
      <header>
        <Brand />
      </header>
      <main id="main">
        <Stack mt="xl" gap="md">
          <Title order={1}>Page not found</Title>
          <Text>There is no page at this address. It may have moved, or the link may be mistyped.</Text>
          <div>
            <Button component={Link} to="/">
              Go to the home page
            </Button>
          </div>
        </Stack>
      </main>
    </Container>
  );
}
