import { Box, Button, Container, Group } from '@mantine/core';
import { Link } from 'react-router';
import { Brand } from './Brand';

/** The logged-out header of the public pages (booking, directory): home, and sign in for patients with an account. */
export function PublicHeader() {
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
    </>
  );
}
