import { Table, type TableProps } from '@mantine/core';
import type { ReactNode } from 'react';

interface Props extends Omit<TableProps, 'children'> {
  /** Names the table for screen readers (and the scroll region around it). */
  label: string;
  minWidth?: number;
  children: ReactNode;
}

/**
 * A table that scrolls sideways on narrow screens. The scroll region is focusable and named so
 * keyboard users can scroll it too.
 */
export function ScrollTable({ label, minWidth = 640, children, ...tableProps }: Props) {
  return (
    <Table.ScrollContainer
      minWidth={minWidth}
      type="native"
      tabIndex={0}
      role="region"
      aria-label={`${label} table`}
    >
      <Table striped highlightOnHover verticalSpacing="xs" aria-label={label} {...tableProps}>
        {children}
      </Table>
    </Table.ScrollContainer>
  );
}
