import { Group, Paper, Stack, Title } from '@mantine/core';
import type { ReactNode, RefObject } from 'react';

/**
 * A titled section in a bordered card (a record's "Appointments", the portal's "Upcoming visits"):
 * the section is named by its heading, and an optional action (a "Book" button) sits beside it.
 */
export function SectionCard({
  titleId,
  title,
  order = 2,
  headingRef,
  action,
  gap = 'sm',
  children,
}: {
  /** The heading's id, which names the section. */
  titleId: string;
  title: ReactNode;
  /** Heading level: 2 for a page's section (sized h3), 3 for one inside another (sized h4). */
  order?: 2 | 3;
  /** For moving focus to the heading after its content changed. */
  headingRef?: RefObject<HTMLHeadingElement | null>;
  /** Shown at the heading's end. */
  action?: ReactNode;
  gap?: 'xs' | 'sm';
  children: ReactNode;
}) {
  const heading = (
    <Title
      order={order}
      size={order === 2 ? 'h3' : 'h4'}
      id={titleId}
      ref={headingRef}
      tabIndex={headingRef ? -1 : undefined}
    >
      {title}
    </Title>
  );
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md" component="section" aria-labelledby={titleId}>
      <Stack gap={gap}>
        {action ? (
          <Group justify="space-between" align="center">
            {heading}
            {action}
          </Group>
        ) : (
          heading
        )}
        {children}
      </Stack>
    </Paper>
  );
}
