import { Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Role } from '../../domain/roles.ts';
import { useSession } from '../auth/session';
import { usePageTitle } from '../components/usePageTitle';

function NotAllowed() {
  usePageTitle('Not available');
  return (
    <Stack>
      <Title order={1}>Not available for your role</Title>
      <Text>This page is not part of your account&apos;s access. Use the navigation to continue.</Text>
    </Stack>
  );
}

export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { role } = useSession();
  return roles.includes(role) ? <>{children}</> : <NotAllowed />;
}
