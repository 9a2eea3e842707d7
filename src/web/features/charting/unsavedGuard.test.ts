import { describe, expect, it } from 'vitest';
import { leavesScreen, type ClickFacts, type LinkFacts } from './unsavedGuard';

const here = new URL('https://clinic.example/app/visits/3f1c?tab=1#exam');
const click = (over: Partial<ClickFacts> = {}): ClickFacts => ({
  button: 0,
  metaKey: false,
  ctrlKey: false,
  shiftKey: false,
  altKey: false,
  defaultPrevented: false,
  ...over,
});
const link = (href: string, over: Partial<LinkFacts> = {}): LinkFacts => ({
  href,
  target: '',
  download: false,
  ...over,
});

describe('unsaved-changes guard: which link clicks leave the charting screen', () => {
  it('asks for a plain click on another screen of the app', () => {
    expect(leavesScreen(click(), link('https://clinic.example/app/patients/9'), here)).toBe(true);
    expect(leavesScreen(click(), link('/app/patients/9/visits'), here)).toBe(true);
    expect(leavesScreen(click(), link('https://clinic.example/app/visits/3f1c/summary'), here)).toBe(true);
  });

  it('does not ask when the chart stays on screen or opens elsewhere', () => {
    // Same screen: another anchor or query.
    expect(leavesScreen(click(), link('https://clinic.example/app/visits/3f1c?tab=1#plan'), here)).toBe(
      false,
    );
    expect(leavesScreen(click(), link('https://clinic.example/app/visits/3f1c'), here)).toBe(false);
    // New tab or window, a download, another button.
    expect(leavesScreen(click({ ctrlKey: true }), link('/app/patients/9'), here)).toBe(false);
    expect(leavesScreen(click({ metaKey: true }), link('/app/patients/9'), here)).toBe(false);
    expect(leavesScreen(click({ shiftKey: true }), link('/app/patients/9'), here)).toBe(false);
    expect(leavesScreen(click({ button: 1 }), link('/app/patients/9'), here)).toBe(false);
    expect(leavesScreen(click(), link('/app/patients/9', { target: '_blank' }), here)).toBe(false);
    expect(leavesScreen(click(), link('/api/v1/encounters/3f1c/note.pdf', { download: true }), here)).toBe(
      false,
    );
    // Another site: the tab unloads, and beforeunload asks instead.
    expect(leavesScreen(click(), link('https://www.cms.gov/'), here)).toBe(false);
    // Someone else already handled the click.
    expect(leavesScreen(click({ defaultPrevented: true }), link('/app/patients/9'), here)).toBe(false);
  });

  it('treats an explicit _self target like no target', () => {
    expect(leavesScreen(click(), link('/app/schedule', { target: '_self' }), here)).toBe(true);
  });
});
