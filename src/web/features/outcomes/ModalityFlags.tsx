import { Alert, Badge, Group, List, Text } from '@mantine/core';
import type { ModalityFlag } from '../../../domain/omt/safety/modalities.ts';

/**
 * The safety flags of one dry-needling or shockwave activity: what was found, whether it blocks
 * signing or only warns, and the source — or, for the rules the reference does not source,
 * "no source — clinic policy" so nobody mistakes a clinic choice for a published rule.
 */
export function ModalityFlags({ label, flags }: { label: string; flags: ModalityFlag[] }) {
  if (flags.length === 0) return null;
  const blocks = flags.some((f) => f.severity === 'block');
  return (
    <Alert
      color={blocks ? 'red' : 'amber'}
      p="xs"
      title={`${label}: ${flags.length === 1 ? 'a safety flag' : `${flags.length} safety flags`}${
        blocks ? ' (must be acknowledged to sign)' : ''
      }`}
    >
      <List size="sm" spacing={4}>
        {flags.map((f) => (
          <List.Item key={f.rule}>
            <Group gap={6} wrap="wrap" component="span">
              <Badge size="sm" tt="none" variant="light" color={f.severity === 'block' ? 'red' : 'amber'}>
                {f.severity === 'block' ? 'Blocks' : 'Warning'}
              </Badge>
              <Text span size="sm">
                {f.message}
              </Text>
            </Group>
            <Text size="xs" c="dimmed">
              Found: {f.matched.join(', ')}.{' '}
              {f.source ? `Source: ${f.source}.` : 'No source — clinic policy.'}
              {!f.acknowledgeable && ' Cannot be acknowledged.'}
            </Text>
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
