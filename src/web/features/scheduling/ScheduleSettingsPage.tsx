import { Title } from '@mantine/core';
import { usePageTitle } from '../../components/usePageTitle';

export function ScheduleSettingsPage() {
  usePageTitle('Schedule settings');
  return <Title order={1}>Schedule settings</Title>;
}
