import { Badge, Input, SegmentedControl, Stack, Text } from '@mantine/core';
import { useId, type ReactNode } from 'react';
import type { Verdict } from '../../../domain/omt/safety/engine.ts';

/** A DOM id for a field key (`treatment:lumbar/techniques/0/safetyReason`), so errors can focus it. */
export function fid(key: string): string {
  return `f-${key.replace(/[^a-zA-Z0-9-]/g, '-')}`;
}

/** Focuses the field of a key once the panel that holds it is on screen. */
export function focusField(key: string): void {
  window.requestAnimationFrame(() => {
    window.requestAnimationFrame(() => {
      const el = document.getElementById(fid(key));
      if (!el) return;
      const target = el.matches('input, select, textarea, button, [tabindex]')
        ? el
        : (el.querySelector<HTMLElement>('input:checked') ??
          el.querySelector<HTMLElement>('input, select, textarea, button') ??
          el);
      target.focus();
      target.scrollIntoView({ block: 'center', behavior: 'smooth' });
    });
  });
}

interface ChoiceProps<T extends string> {
  label: string;
  value: T;
  data: { value: T; label: ReactNode }[];
  onChange: (value: T) => void;
  error?: string | null;
  description?: string;
  /** Id of the group (for focusing it from an error). */
  id?: string;
  size?: 'xs' | 'sm' | 'md';
  fullWidth?: boolean;
}

/** A labelled segmented choice (a radio group): quick to tap, named for screen readers, with its error. */
export function Choice<T extends string>({
  label,
  value,
  data,
  onChange,
  error,
  description,
  id,
  size = 'sm',
  fullWidth = true,
}: ChoiceProps<T>) {
  const labelId = useId();
  const errorId = useId();
  const descriptionId = useId();
  const describedBy = [description ? descriptionId : null, error ? errorId : null].filter(Boolean).join(' ');
  return (
    <Stack gap={4}>
      <Input.Label id={labelId} labelElement="div">
        {label}
      </Input.Label>
      {description ? (
        <Text id={descriptionId} size="xs" c="dimmed">
          {description}
        </Text>
      ) : null}
      <SegmentedControl
        id={id}
        aria-labelledby={labelId}
        aria-describedby={describedBy || undefined}
        aria-invalid={error ? true : undefined}
        value={value}
        onChange={(v) => onChange(v)}
        data={data}
        size={size}
        fullWidth={fullWidth}
        className="chart-choice"
        data-error={error ? true : undefined}
      />
      {error ? (
        <Text id={errorId} size="xs" c="red.8" role="alert">
          {error}
        </Text>
      ) : null}
    </Stack>
  );
}

const VERDICT_LOOK: Record<Verdict, { color: string; icon: string; label: string }> = {
  ok: { color: 'sage', icon: '✓', label: 'OK' },
  caution: { color: 'amber', icon: '!', label: 'Caution' },
  contraindicated: { color: 'red', icon: '✕', label: 'Contraindicated' },
};

/** A verdict as a badge with an icon and a word, never colour alone. */
export function VerdictBadge({ verdict, size = 'sm' }: { verdict: Verdict; size?: 'xs' | 'sm' | 'md' }) {
  const look = VERDICT_LOOK[verdict];
  return (
    <Badge
      color={look.color}
      variant={verdict === 'ok' ? 'light' : 'filled'}
      size={size}
      tt="none"
      className={`verdict verdict-${verdict}`}
      leftSection={<span aria-hidden="true">{look.icon}</span>}
    >
      {look.label}
    </Badge>
  );
}

export function verdictLabel(verdict: Verdict): string {
  return VERDICT_LOOK[verdict].label;
}

/** Errors of a field: the server's (after a refused save) and the live engine's, each message once. */
export function joinErrors(...lists: (readonly string[] | undefined)[]): string | null {
  const all = [...new Set(lists.flatMap((l) => l ?? []))];
  return all.length ? all.join(' ') : null;
}

/** A source string "Title — URL; Title — URL" as readable items with links. */
export function SourceList({ source }: { source: string }) {
  const parts = source
    .split(/;\s+(?=[^;]+—)/)
    .map((s) => s.trim())
    .filter(Boolean);
  return (
    <ul className="chart-sources">
      {parts.map((p) => {
        const m = /^(.*?)\s+—\s+(https?:\/\/\S+)$/.exec(p);
        return (
          <li key={p}>
            {m ? (
              <>
                {m[1]} —{' '}
                <a href={m[2]} target="_blank" rel="noreferrer noopener">
                  source
                  <span className="visually-hidden"> (opens in a new tab)</span>
                </a>
              </>
            ) : (
              p
            )}
          </li>
        );
      })}
    </ul>
  );
}
