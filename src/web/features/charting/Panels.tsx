import { Alert, Anchor, Badge, Group, List, Stack, Text, Textarea, Title } from '@mantine/core';
import { Link } from 'react-router';
import { MIN_REASON_LENGTH, type ChartSafetyResult } from '../../../domain/omt/charting/safety.ts';
import type { CodingResult } from '../../../domain/omt/coding.ts';
import type { RegionId } from '../../../domain/omt/regions.ts';
import type { Patient } from '../../../contracts/patients.ts';
import { flagText } from '../../components/FlagBadges';
import { localKey, type BodyIndex } from './chartState';
import { regionName, techniqueName } from './format';
import { fid, SourceList, VerdictBadge } from './ui';

/**
 * The live panels beside the chart. Both re-run the domain engines on every change; their one-line
 * summaries are polite live regions, so a screen-reader user hears what changed without the whole
 * panel being read again.
 */

/**
 * Says so when the patient's allergies or medications were never asked: "nothing recorded" must not
 * read as "nothing to know". The engine itself checks conditions and flags only.
 */
function ListStatusNote({ patient }: { patient: Patient }) {
  const missing = [
    patient.allergyStatus?.status === 'unknown' ? 'Allergies not asked' : null,
    patient.medicationStatus?.status === 'unknown' ? 'Medications not recorded' : null,
  ].filter((x): x is string => !!x);
  if (!missing.length) return null;
  return (
    <Alert color="amber" p="xs" title={missing.join(' · ')} role="note">
      <Text size="sm">
        Ask the patient and record the answer on the{' '}
        <Anchor component={Link} to={`/app/patients/${patient.id}`} size="sm">
          patient record
        </Anchor>
        . The safety check uses the conditions and flags above, not the medication list: anticoagulation
        counts only as the Anticoagulated flag.
      </Text>
    </Alert>
  );
}

interface SafetyProps {
  safety: ChartSafetyResult;
  index: BodyIndex;
  patient: Patient;
  treating: boolean;
  redFlagReason: string | null;
  onRedFlagReason: (value: string) => void;
  redFlagError: string | null;
  /** Go to a charted technique (selects its region and focuses its card). */
  onShow: (region: RegionId, key: string) => void;
}

export function SafetyPanel({
  safety,
  index,
  patient,
  treating,
  redFlagReason,
  onRedFlagReason,
  redFlagError,
  onShow,
}: SafetyProps) {
  const counts = { ok: 0, caution: 0, contraindicated: 0 };
  for (const i of safety.items) counts[i.verdict] += 1;
  const blocking = safety.problems.length;
  const activeConditions = patient.conditions.filter(
    (c) => c.clinicalStatus !== 'resolved' && c.clinicalStatus !== 'inactive',
  );
  const summary =
    safety.items.length === 0
      ? 'No techniques charted yet.'
      : `${counts.contraindicated} contraindicated, ${counts.caution} caution, ${counts.ok} OK.` +
        (blocking ? ` ${blocking} to resolve before saving.` : ' Ready to save.');
  return (
    <Stack gap="sm" component="section" aria-labelledby="safety-title" className="chart-card">
      <Group justify="space-between" gap="xs">
        <Title order={2} size="h4" id="safety-title">
          Safety check
        </Title>
        <Badge variant="outline" color="gray" tt="none">
          {safety.policy === 'strict' ? 'Strict policy' : 'Lenient policy'}
          {safety.allowOverride ? ' · overrides allowed' : ''}
        </Badge>
      </Group>
      <Text size="sm" role="status" aria-live="polite" fw={500}>
        {summary}
      </Text>
      <Text size="xs" c="dimmed">
        Checked against:{' '}
        {activeConditions.length
          ? activeConditions.map((c) => `${c.code} ${c.display}`).join('; ')
          : 'no active conditions'}
        {patient.flags.length ? `; flags: ${patient.flags.map(flagText).join(', ')}` : ''}; born{' '}
        {patient.birthDate}.
      </Text>
      <ListStatusNote patient={patient} />

      {safety.redFlags.length ? (
        <Alert color="red" variant="outline" title="Red flags: refer rather than treat" p="sm">
          <List size="sm" spacing={4}>
            {safety.redFlags.map((f) => (
              <List.Item key={f.rule}>
                {f.message}{' '}
                <Text span size="xs" c="dimmed">
                  ({f.rule}; matched {f.matched.join(', ')})
                </Text>
                <SourceList source={f.source} />
              </List.Item>
            ))}
          </List>
          {treating || redFlagReason ? (
            <Textarea
              mt="sm"
              id={fid('redFlagReason')}
              label="Why treatment proceeds despite the red flags"
              description={`At least ${MIN_REASON_LENGTH} characters, or refer the patient instead.`}
              autosize
              minRows={2}
              value={redFlagReason ?? ''}
              onChange={(e) => onRedFlagReason(e.currentTarget.value)}
              error={redFlagError}
            />
          ) : null}
        </Alert>
      ) : null}

      {safety.problems
        .filter((p) => p.path.startsWith('consent/'))
        .map((p) => (
          <Alert key={p.path} color="red" variant="light" p="xs" title="Consent">
            <Text size="sm">{p.message}</Text>
          </Alert>
        ))}

      {safety.items.length ? (
        <Stack
          gap="xs"
          component="ul"
          m={0}
          p={0}
          style={{ listStyle: 'none' }}
          aria-label="Verdict per technique and region"
        >
          {safety.items.map((item) => {
            const key = localKey(item.path, index);
            return (
              <li key={item.path} className="safety-item" data-verdict={item.verdict}>
                <Group gap="xs" justify="space-between" wrap="nowrap" align="flex-start">
                  <Text size="sm" fw={600}>
                    {techniqueName(item.technique)} · {regionName(item.region)}
                  </Text>
                  <VerdictBadge verdict={item.verdict} size="xs" />
                </Group>
                {item.verdict !== 'ok' ? (
                  <Text size="xs" c={item.decision === 'refused' ? 'red.9' : 'sage.9'} fw={500}>
                    {item.decision === 'refused'
                      ? item.verdict === 'caution'
                        ? 'Needs a documented reason before saving.'
                        : safety.allowOverride
                          ? 'Refused unless overridden with a reason.'
                          : 'Refused: the clinic does not allow overrides.'
                      : item.decision === 'override'
                        ? 'Overridden with a documented reason.'
                        : 'Caution acknowledged with a reason.'}
                  </Text>
                ) : null}
                {item.reasons.map((r) => (
                  <div key={r.rule}>
                    <Text size="xs">
                      <strong>{r.severity === 'absolute' ? 'Absolute' : 'Relative'}</strong> ({r.rule}):{' '}
                      {r.message}
                      {r.policyNote ? ` ${r.policyNote}` : ''}
                    </Text>
                    <SourceList source={r.source} />
                  </div>
                ))}
                {item.verdict !== 'ok' && item.alternatives.length ? (
                  <Text size="xs">Alternatives: {item.alternatives.map(techniqueName).join(', ')}</Text>
                ) : null}
                {item.verdict !== 'ok' ? (
                  <Anchor
                    component="button"
                    type="button"
                    size="xs"
                    ta="left"
                    onClick={() => onShow(item.region, key)}
                  >
                    Go to {techniqueName(item.technique)} in {regionName(item.region).toLowerCase()}
                  </Anchor>
                ) : null}
              </li>
            );
          })}
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          Add techniques in a region: each one is checked here against this patient’s record, per region.
        </Text>
      )}
    </Stack>
  );
}

export function CodingPanel({ coding }: { coding: CodingResult }) {
  const summary = coding.cpt
    ? `CPT ${coding.cpt}, ${coding.regionCount} region${coding.regionCount === 1 ? '' : 's'}${coding.em ? ', modifier 25 on the E/M' : ''}.`
    : 'No OMT code yet.';
  return (
    <Stack gap="sm" component="section" aria-labelledby="coding-title" className="chart-card">
      <Title order={2} size="h4" id="coding-title">
        Coding
      </Title>
      <Text size="sm" role="status" aria-live="polite" className="visually-hidden">
        {summary}
      </Text>
      <Group gap="md" align="flex-end">
        <Stack gap={0}>
          <Text size="xs" c="dimmed">
            CPT
          </Text>
          <Text className="cpt-code">{coding.cpt ?? '—'}</Text>
        </Stack>
        <Text size="sm" pb={4}>
          {coding.cptLabel ?? 'No billable OMT'} · {coding.regionCount} region
          {coding.regionCount === 1 ? '' : 's'} counted
        </Text>
      </Group>
      {coding.icd10.length ? (
        <div>
          <Text size="xs" c="dimmed">
            ICD-10-CM
          </Text>
          <List size="sm" spacing={2}>
            {coding.icd10.map((c) => (
              <List.Item key={c.code}>
                <strong>{c.code}</strong> {regionName(c.region)}
              </List.Item>
            ))}
          </List>
        </div>
      ) : null}
      <Text size="sm">
        <strong>Modifier 25:</strong>{' '}
        {coding.em ? 'yes, on the same-day E/M' : 'no (no separately identifiable E/M)'}
      </Text>
      {coding.excludedRegions.length ? (
        <Text size="sm">
          <strong>Not counted:</strong> {coding.excludedRegions.map(regionName).join(', ')} (treated without a
          TART finding)
        </Text>
      ) : null}
      {coding.warnings.length ? (
        <Alert color="amber" variant="light" p="xs" title={`Warnings (${coding.warnings.length})`}>
          <List size="xs" spacing={4}>
            {coding.warnings.map((w) => (
              <List.Item key={w}>{w}</List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
      <Text size="xs" c="dimmed">
        A region counts when it is treated and has at least one TART finding. Code labels are Stillpoint’s
        own.
      </Text>
    </Stack>
  );
}
