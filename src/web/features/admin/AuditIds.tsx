import { Button, CopyButton, Group, Popover, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { AuditEntry as AuditRow } from '../../../contracts/audit.ts';

/**
 * A name with its raw id behind it: the id shows on hover (title) and is read out by screen
 * readers (visually hidden text), so nobody needs the id on screen to know which record it is.
 */
export function Named({
  name,
  idLabel,
  id,
  children,
}: {
  name: string;
  idLabel: string;
  id: string | null;
  children?: ReactNode;
}) {
  if (!id) return <span>{children ?? name}</span>;
  return (
    <span title={`${idLabel}: ${id}`}>
      {children ?? name}
      <span className="visually-hidden">
        {' '}
        ({idLabel} {id})
      </span>
    </span>
  );
}

function IdLine({ label, value }: { label: string; value: string }) {
  return (
    <div className="audit-id-line">
      <Text size="xs" fw={700} component="dt">
        {label}
      </Text>
      <Group component="dd" gap="xs" wrap="nowrap" m={0}>
        <Text size="xs" ff="monospace" className="audit-id-value">
          {value}
        </Text>
        <CopyButton value={value} timeout={2000}>
          {({ copied, copy }) => (
            <Button size="compact-xs" variant={copied ? 'light' : 'default'} onClick={copy}>
              {copied ? 'Copied' : 'Copy'}
              <span className="visually-hidden"> {label}</span>
            </Button>
          )}
        </CopyButton>
      </Group>
    </div>
  );
}

/** The entry's ids (entry, user, patient, record, request), each copyable, behind one button per entry. */
export function AuditIds({ entry, when }: { entry: AuditRow; when: string }) {
  const ids: [string, string | null][] = [
    ['Entry ID', entry.id],
    ['User ID', entry.userId],
    ['Patient ID', entry.patientId],
    ['Record ID', entry.resourceId],
    ['Request ID', entry.requestId],
  ];
  return (
    <Popover position="bottom-end" withArrow shadow="md" trapFocus returnFocus>
      <Popover.Target>
        <Button size="compact-xs" variant="subtle">
          IDs<span className="visually-hidden"> of the entry at {when}</span>
        </Button>
      </Popover.Target>
      <Popover.Dropdown maw="calc(100vw - 2rem)" aria-label={`IDs of the entry at ${when}`}>
        <Stack gap={6} component="dl" m={0}>
          {ids.map(([label, value]) => (value ? <IdLine key={label} label={label} value={value} /> : null))}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
