import { Alert, Anchor, Button, List, Text } from '@mantine/core';
import { forwardRef } from 'react';
import { Link } from 'react-router';
import { birthDateWithAge } from '../../lib/format';
import type { DuplicateCandidate } from '../../../contracts/patients.ts';

/**
 * Records that may be the same person as the one being registered: links to open them, and the
 * explicit way to register a different person anyway.
 */
export const DuplicateWarning = forwardRef<
  HTMLDivElement,
  { candidates: DuplicateCandidate[]; busy: boolean; onSaveAnyway: () => void }
>(function DuplicateWarning({ candidates, busy, onSaveAnyway }, ref) {
  const restricted = candidates.filter((c) => c.restricted).length;
  return (
    <Alert
      ref={ref}
      tabIndex={-1}
      color="amber"
      title="This patient may already be registered"
      aria-live="polite"
    >
      <Text size="sm">
        A record with a similar name and the same date of birth exists. Open it to check, and use it instead
        of creating a second record for the same person.
      </Text>
      <List size="sm" mt="xs" spacing={4}>
        {candidates.flatMap((c) =>
          c.restricted
            ? []
            : [
                <List.Item key={c.id}>
                  <Anchor component={Link} to={`/app/patients/${encodeURIComponent(c.id)}`} target="_blank">
                    {c.name}, born {birthDateWithAge(c.birthDate)}
                  </Anchor>{' '}
                  <Text span size="xs" c="dimmed">
                    (opens in a new tab)
                  </Text>
                </List.Item>,
              ],
        )}
        {restricted > 0 ? (
          <List.Item>
            {restricted === 1 ? 'A restricted record' : `${restricted} restricted records`} you cannot open;
            ask an admin or the patient’s care team.
          </List.Item>
        ) : null}
      </List>
      <Button
        mt="sm"
        variant="default"
        h="auto"
        py={6}
        maw="100%"
        styles={{ label: { whiteSpace: 'normal', textAlign: 'left' } }}
        loading={busy}
        onClick={onSaveAnyway}
      >
        This is a different person — save anyway
      </Button>
    </Alert>
  );
});
