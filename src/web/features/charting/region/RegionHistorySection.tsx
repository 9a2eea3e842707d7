import { Anchor, Badge, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { RegionId } from '../../../../domain/omt/regions.ts';
import type { ApiResource } from '../../../api/useApi';
import { Loading } from '../../../components/Loading';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { humanizeValue, painChange, regionWithCode, tartSummary, techniqueName } from '../format';
import type { RegionHistory } from '../../../../contracts/charting.ts';
import { MOTION_LABELS } from '../vocab';

/** The region across earlier visits: exam, ROM and treatment of the last three (or all). */
export function RegionHistorySection({
  history,
  past,
  region,
}: {
  history: ApiResource<RegionHistory>;
  past: RegionHistory['results'];
  region: RegionId;
}) {
  const [all, setAll] = useState(false);
  const shown = all ? past : past.slice(0, 3);
  return (
    <Stack gap="xs" component="section" aria-labelledby="history-title" mt="sm">
      <Title order={3} size="h4" id="history-title">
        {regionWithCode(region)} across visits
      </Title>
      {history.loading ? <Loading label="Loading region history…" /> : null}
      <ProblemAlert error={history.error} title="Region history could not be loaded" />
      {!history.loading && !history.error && past.length === 0 ? (
        <Text size="sm" c="dimmed">
          No earlier visit charted this region.
        </Text>
      ) : null}
      {shown.length ? (
        <Stack component="ul" gap="xs" m={0} p={0} style={{ listStyle: 'none' }}>
          {shown.map((h) => (
            <li key={h.encounterId}>
              <Stack gap={2} className="chart-subcard">
                <Group gap="xs">
                  <Text size="sm" fw={700}>
                    {h.date}
                  </Text>
                  <Badge
                    size="xs"
                    variant="outline"
                    color={h.status === 'signed' ? 'gray' : 'amber'}
                    tt="none"
                  >
                    {h.status === 'signed' ? 'Signed' : 'Draft'}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    Pain {painChange(h.painBefore, h.painAfter)}
                  </Text>
                </Group>
                <Text size="sm">
                  <strong>Exam:</strong> {tartSummary(h.exam?.tart)}
                  {h.exam?.segmental.length ? `; ${h.exam.segmental.join(', ')}` : ''}
                  {h.exam?.otherDiagnoses.length ? `; ${h.exam.otherDiagnoses.join('; ')}` : ''}
                </Text>
                {h.rom.length ? (
                  <Text size="sm">
                    <strong>ROM:</strong>{' '}
                    {h.rom
                      .map(
                        (m) =>
                          `${MOTION_LABELS[m.motion].toLowerCase()}${m.side ? ` ${m.side}` : ''} ${m.degrees}° (${m.percentOfNormal}%${m.phase === 'post' ? ', after' : ''})`,
                      )
                      .join(', ')}
                  </Text>
                ) : null}
                {h.treatment ? (
                  <Text size="sm">
                    <strong>Treated:</strong>{' '}
                    {h.treatment.techniques
                      .map(
                        (x) => `${techniqueName(x.technique)}${x.holdSeconds ? ` ${x.holdSeconds} s` : ''}`,
                      )
                      .join(', ')}
                    {h.treatment.response ? ` — ${humanizeValue(h.treatment.response).toLowerCase()}` : ''}
                  </Text>
                ) : null}
              </Stack>
            </li>
          ))}
        </Stack>
      ) : null}
      {past.length > 3 ? (
        <div>
          <Anchor component="button" type="button" size="sm" onClick={() => setAll((v) => !v)}>
            {all ? 'Show fewer visits' : `Show all ${past.length} visits`}
          </Anchor>
        </div>
      ) : null}
    </Stack>
  );
}
