import {
  Anchor,
  createTheme,
  type CSSVariablesResolver,
  type MantineColorSchemeManager,
} from '@mantine/core';

/**
 * Colours are chosen for WCAG AA contrast: Mantine's default shade 6 fails 4.5:1 on white for
 * red, teal, green and orange, so the primary shade is 7 and the palettes we use are darkened.
 */
export const theme = createTheme({
  primaryColor: 'sage',
  primaryShade: { light: 7, dark: 7 },
  focusRing: 'auto',
  defaultRadius: 'md',
  cursorType: 'pointer',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif, "Apple Color Emoji", "Segoe UI Emoji"',
  headings: {
    fontFamily: 'Georgia, "Iowan Old Style", "Palatino Linotype", "Book Antiqua", Palatino, serif',
    fontWeight: '600',
  },
  components: {
    // Links inside text must not rely on colour alone (WCAG 1.4.1).
    Anchor: Anchor.extend({ defaultProps: { underline: 'always' } }),
  },
  colors: {
    sage: [
      '#eef6f5',
      '#d6eae8',
      '#aed5d1',
      '#82bfb9',
      '#5ea9a3',
      '#468f89',
      '#35756f',
      '#285f5a',
      '#1e4c48',
      '#143835',
    ],
    amber: [
      '#fff8e6',
      '#ffefc2',
      '#ffe08a',
      '#ffcf4d',
      '#f5b81f',
      '#d99a00',
      '#b07d00',
      '#8a6100',
      '#6e4d00',
      '#573d00',
    ],
    red: [
      '#fff5f5',
      '#ffe3e3',
      '#ffc9c9',
      '#ffa8a8',
      '#ff8787',
      '#ff6b6b',
      '#e03131',
      '#c92a2a',
      '#a61e1e',
      '#8a1414',
    ],
    blue: [
      '#e7f5ff',
      '#d0ebff',
      '#a5d8ff',
      '#74c0fc',
      '#4dabf7',
      '#339af0',
      '#1c7ed6',
      '#1864ab',
      '#114d85',
      '#0b3a66',
    ],
  },
});

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-error': 'var(--mantine-color-red-7)',
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': '#6c757d',
    '--mantine-color-success': 'var(--mantine-color-sage-7)',
    '--mantine-color-anchor': 'var(--mantine-color-sage-7)',
  },
  dark: {},
});

/**
 * Mantine remembers the colour scheme in localStorage by default. We use one tested light
 * scheme and keep the browser's storage empty (security requirement B8 asks for no PHI there;
 * storing nothing at all is the simplest way to keep that promise).
 */
export const fixedColorScheme: MantineColorSchemeManager = {
  get: () => 'light',
  set: () => undefined,
  subscribe: () => undefined,
  unsubscribe: () => undefined,
  clear: () => undefined,
};
