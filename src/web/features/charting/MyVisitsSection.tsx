import { Anchor, List, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { Results } from '../../../contracts/common.ts';
import { useApiGet } from '../../api/useApi';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import type { EncounterListItem } from '../../../contracts/charting.ts';

/** "My visits" on the patient's own record: their signed visits, each with a plain-language summary. */
export function MyVisitsSection({ patientId }: { patientId: string }) {
  const visits = useApiGet<Results<EncounterListItem>>(`/api/v1/patients/${patientId}/encounters`);
  const signed = (visits.data?.results ?? []).filter((v) => v.status === 'signed');
  return (
    <Paper
      withBorder
      p={{ base: 'md', sm: 'lg' }}
      radius="md"
      component="section"
      aria-labelledby="my-visits-title"
    >
      <Stack gap="sm">
        <Title order={2} size="h3" id="my-visits-title">
          My visits
        </Title>
        <ProblemAlert error={visits.error} title="Your visits could not be loaded" />
        {visits.loading && !visits.data ? <Loading label="Loading your visits…" /> : null}
        {visits.data && signed.length === 0 ? <Text size="sm">No visit summaries yet.</Text> : null}
        {signed.length ? (
          <List spacing="xs" aria-label="My visits">
            {signed.map((v) => (
              <List.Item key={v.id}>
                <Anchor component={Link} to={`/app/me/visits/${v.id}`}>
                  Visit on {v.date}
                </Anchor>
                {v.practitioner ? (
                  <Text span size="sm">
                    {' '}
                    with {v.practitioner.name}
                  </Text>
                ) : null}
              </List.Item>
            ))}
          </List>
        ) : null}
      </Stack>
    </Paper>
  );
}
