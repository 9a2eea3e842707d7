import { Group, Text } from '@mantine/core';
import { Link } from 'react-router';

/** The Stillpoint mark and wordmark, linking home. */
export function Brand({ to = '/' }: { to?: string }) {
  return (
    <Link to={to} className="brand-link" aria-label="Stillpoint home">
      <Group gap={8} wrap="nowrap">
        <svg width="28" height="28" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
          <rect width="32" height="32" rx="8" fill="#285f5a" />
          <circle cx="16" cy="16" r="6" fill="none" stroke="#eef6f5" strokeWidth="2.5" />
          <circle cx="16" cy="16" r="1.8" fill="#eef6f5" />
        </svg>
        <Text component="span" fw={700} size="lg" c="sage.8" className="brand-word">
          Stillpoint
        </Text>
      </Group>
    </Link>
  );
}
