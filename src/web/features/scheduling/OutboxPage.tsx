import { Title } from '@mantine/core';
import { usePageTitle } from '../../components/usePageTitle';

export function OutboxPage() {
  usePageTitle('Messages');
  return <Title order={1}>Messages</Title>;
}
