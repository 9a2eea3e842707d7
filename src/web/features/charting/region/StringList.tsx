import { Button, CloseButton, Group, Stack, Text, TextInput } from '@mantine/core';
import { removeAt, replaceAt } from '../chartState';
import { fid } from '../ui';

/** How a typed entry reads (a parsed segmental diagnosis), or null when there is nothing to say. */
export type Reading = { kind: 'ok' | 'warning' | 'error'; text: string; warnings?: string[] } | null;

/** A list of one-line entries (diagnoses) with add and remove; Enter adds the next one. */
export function StringList({
  title,
  description,
  addLabel,
  itemLabel,
  keyOf,
  items,
  onChange,
  errorOf,
  placeholder,
  reading,
}: {
  title: string;
  description: string;
  addLabel: string;
  itemLabel: (i: number) => string;
  keyOf: (i: number) => string;
  items: string[];
  onChange: (items: string[]) => void;
  errorOf: (key: string) => string | null;
  placeholder?: string;
  reading?: (value: string) => Reading;
}) {
  const add = () => {
    onChange([...items, '']);
    window.requestAnimationFrame(() => document.getElementById(fid(keyOf(items.length)))?.focus());
  };
  return (
    <Stack gap={6}>
      <Text size="sm" fw={600}>
        {title}
      </Text>
      <Text size="xs" c="dimmed" mt={-4}>
        {description}
      </Text>
      {items.map((value, i) => {
        const k = keyOf(i);
        const read = reading?.(value) ?? null;
        const serverError = errorOf(k);
        return (
          <Stack key={i} gap={2}>
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <TextInput
                id={fid(k)}
                aria-label={itemLabel(i)}
                placeholder={placeholder}
                value={value}
                onChange={(e) => onChange(replaceAt(items, i, e.currentTarget.value))}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    add();
                  }
                }}
                error={serverError ?? (read?.kind === 'error' ? read.text : undefined)}
                style={{ flex: 1 }}
                autoComplete="off"
                spellCheck={false}
              />
              <CloseButton
                aria-label={`Remove ${itemLabel(i).toLowerCase()}`}
                onClick={() => onChange(removeAt(items, i))}
                mt={4}
              />
            </Group>
            {read && read.kind !== 'error' ? (
              <Text size="xs" c={read.kind === 'warning' ? 'amber.9' : 'sage.8'}>
                <span aria-hidden="true">{read.kind === 'warning' ? '⚠ ' : '✓ '}</span>
                Reads as: {read.text}
                {read.warnings?.map((w) => (
                  <span key={w} style={{ display: 'block' }}>
                    Fryette: {w}
                  </span>
                ))}
              </Text>
            ) : null}
          </Stack>
        );
      })}
      <div>
        <Button variant="light" size="compact-sm" onClick={add}>
          {addLabel}
        </Button>
      </div>
    </Stack>
  );
}
