import { Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useSession } from '../../auth/session';
import { usePageTitle } from '../../components/usePageTitle';
import { roleLabel } from '../../lib/format';
import { MfaSection } from './MfaSection';
import { PasswordSection } from './PasswordSection';
import { TokensSection } from './TokensSection';

function Field({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text component="dt" size="xs" fw={700} tt="uppercase" c="dimmed" lts={0.5}>
        {label}
      </Text>
      <Text component="dd" m={0}>
        {value}
      </Text>
    </div>
  );
}

export function AccountPage() {
  usePageTitle('My account');
  const { me } = useSession();
  return (
    <Stack gap="xl" maw={900}>
      <Title order={1}>My account</Title>
      <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
        <SimpleGrid component="dl" cols={{ base: 1, sm: 2, md: 4 }} m={0}>
          <Field label="Name" value={me.user.name} />
          <Field label="Email" value={me.user.email} />
          <Field label="Role" value={roleLabel(me.user.role)} />
          <Field label="Clinic" value={me.clinic.name} />
        </SimpleGrid>
      </Paper>
      <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
        <PasswordSection />
      </Paper>
      <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
        <MfaSection />
      </Paper>
      <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
        <TokensSection />
      </Paper>
    </Stack>
  );
}
