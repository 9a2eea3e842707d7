import { Anchor, Box, Container, Paper, Stack, Text, Title } from '@mantine/core';
import { useNavigate } from 'react-router';
import { signOutAndLeave } from '../../auth/session';
import { Brand } from '../../components/Brand';
import { usePageTitle } from '../../components/usePageTitle';
import { MfaEnrolment } from './MfaEnrolment';

/**
 * `/app/setup-mfa`: the clinic requires MFA and this account has none. The session is not
 * complete yet, so this page has no navigation and reads no patient data.
 */
export function MfaSetupPage() {
  usePageTitle('Set up two-step sign-in');
  const navigate = useNavigate();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Box bg="sage.0" mih="100vh" py={{ base: 'md', sm: 48 }}>
        <Container size={640} px="md">
          <Stack gap="lg">
            <Box component="header">
              <Brand to="/" />
            </Box>
            <Paper component="main" id="main" withBorder shadow="sm" radius="md" p={{ base: 'md', sm: 'xl' }}>
              <Stack gap="md">
                <Title order={1} size="h2">
                  Set up two-step sign-in
                </Title>
                <Text>
                  Your clinic requires staff to confirm each sign-in with an authenticator app. Set it up once
                  now; next time you sign in you will be asked for a code.
                </Text>
                <MfaEnrolment headingOrder={2} onEnabled={() => navigate('/app', { replace: true })} />
                <Text size="sm">
                  Not now?{' '}
                  <Anchor component="button" type="button" size="sm" onClick={() => void signOutAndLeave()}>
                    Sign out
                  </Anchor>
                </Text>
              </Stack>
            </Paper>
          </Stack>
        </Container>
      </Box>
    </>
  );
}
