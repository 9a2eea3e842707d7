import { Anchor, Badge, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { BreakGlassGrant } from '../../../contracts/admin.ts';
import type { Results } from '../../../contracts/common.ts';
import { useApiGet } from '../../api/useApi';
import { useSession } from '../../auth/session';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { formatInstant } from '../../lib/format';

/** Emergency ("break-glass") access grants, for review. */
export function BreakGlassGrants() {
  const { me } = useSession();
  const { data, error, loading } = useApiGet<Results<BreakGlassGrant>>('/api/v1/admin/break-glass');
  const grants = data?.results ?? [];
  const tz = me.clinic.timeZone;
  const now = Date.now();

  return (
    <Stack gap="sm" component="section" aria-labelledby="grants-title">
      <Title order={2} size="h3" id="grants-title">
        Emergency access grants
      </Title>
      <Text size="sm">
        Each grant let a user open a record outside their normal access. Review every one.
      </Text>
      <ProblemAlert error={error} title="Could not load emergency access grants" />
      {loading && !data ? <Loading label="Loading grants…" /> : null}
      {data && grants.length === 0 ? <Text size="sm">No emergency access has been used.</Text> : null}
      {grants.length > 0 ? (
        <ScrollTable label="Emergency access grants" minWidth={820}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Who</Table.Th>
              <Table.Th scope="col">Patient</Table.Th>
              <Table.Th scope="col">Reason</Table.Th>
              <Table.Th scope="col">From</Table.Th>
              <Table.Th scope="col">Until</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {grants.map((g) => {
              const active = Date.parse(g.expiresAt) > now;
              return (
                <Table.Tr key={g.id}>
                  <Table.Td>{g.userName}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/app/patients/${encodeURIComponent(g.patientId)}`}>
                      {g.patientName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{g.reason}</Table.Td>
                  <Table.Td className="nowrap">{formatInstant(g.createdAt, tz)}</Table.Td>
                  <Table.Td className="nowrap">
                    {formatInstant(g.expiresAt, tz)}{' '}
                    {active ? (
                      <Badge color="red" tt="none">
                        Active
                      </Badge>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </ScrollTable>
      ) : null}
    </Stack>
  );
}
