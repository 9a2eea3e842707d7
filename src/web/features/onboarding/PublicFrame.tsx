import { Anchor, Box, Container, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Brand } from '../../components/Brand';

/** The frame of the public onboarding pages: same look as sign-in, fits a 390 px phone. */
export function PublicFrame({ children }: { children: ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Box bg="sage.0" mih="100vh" py={{ base: 'md', sm: 48 }}>
        <Container size={480} px="md">
          <Stack gap="lg">
            <Box component="header">
              <Brand />
            </Box>
            <Paper
              component="main"
              id="main"
              tabIndex={-1}
              withBorder
              shadow="sm"
              radius="md"
              p={{ base: 'md', sm: 'xl' }}
            >
              {children}
            </Paper>
            <Text component="footer" size="sm" ta="center">
              <Anchor component={Link} to="/">
                Back to the Stillpoint home page
              </Anchor>
            </Text>
          </Stack>
        </Container>
      </Box>
    </>
  );
}
