import { Table, type TableProps } from '@mantine/core';
import { useLayoutEffect, useRef, type ReactNode } from 'react';
import './ScrollTable.css';

interface Props extends Omit<TableProps, 'children'> {
  /** Names the table for screen readers (and the scroll region around it). */
  label: string;
  /** Width below which the table scrolls sideways (tablets); phones get cards instead. */
  minWidth?: number;
  children: ReactNode;
}

/**
 * Gives every body cell a `data-label` with its column's heading, so that on a phone each row can
 * be shown as a card of "heading: value" lines (ScrollTable.css) instead of a table to scroll
 * sideways. Kept up to date while rows come and go.
 */
export function labelCellsByColumn(table: HTMLTableElement): void {
  const heads: string[] = [];
  const headRow = table.tHead?.rows[0];
  if (headRow)
    for (const th of Array.from(headRow.cells)) {
      const text = (th.textContent ?? '').trim();
      for (let i = 0; i < th.colSpan; i++) heads.push(text);
    }
  for (const body of Array.from(table.tBodies))
    for (const row of Array.from(body.rows)) {
      let col = 0;
      for (const cell of Array.from(row.cells)) {
        // A cell spanning the whole row (an empty-list message) needs no heading.
        const label = cell.colSpan > 1 ? '' : (heads[col] ?? '');
        if (cell.getAttribute('data-label') !== label) cell.setAttribute('data-label', label);
        col += cell.colSpan;
      }
    }
}

/**
 * The app's data table. On wide screens a table (scrolling sideways below `minWidth`, in a
 * focusable, named region so keyboard users can scroll it); on phones every row is a card with
 * each value under its column's heading, so nothing scrolls sideways.
 */
export function ScrollTable({ label, minWidth = 640, children, ...tableProps }: Props) {
  const ref = useRef<HTMLTableElement>(null);
  useLayoutEffect(() => {
    const table = ref.current;
    if (!table) return;
    labelCellsByColumn(table);
    const observer = new MutationObserver(() => labelCellsByColumn(table));
    observer.observe(table, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, []);
  return (
    <Table.ScrollContainer
      minWidth={minWidth}
      type="native"
      tabIndex={0}
      role="region"
      aria-label={`${label} table`}
      className="sp-table"
    >
      <Table ref={ref} striped highlightOnHover verticalSpacing="xs" aria-label={label} {...tableProps}>
        {children}
      </Table>
    </Table.ScrollContainer>
  );
}
