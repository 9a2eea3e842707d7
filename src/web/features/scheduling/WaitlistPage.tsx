import { Title } from '@mantine/core';
import { usePageTitle } from '../../components/usePageTitle';

export function WaitlistPage() {
  usePageTitle('Waitlist');
  return <Title order={1}>Waitlist</Title>;
}
