import { AppShell, Badge, Box, Burger, Button, Group, NavLink, Stack, Text } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { useEffect, useRef, type ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { IdleWatcher } from '../auth/IdleWatcher';
import { useSession } from '../auth/session';
import { Brand } from '../components/Brand';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { roleLabel } from '../lib/format';
import { navFor } from './navigation';

function matches(pathname: string, to: string): boolean {
  return pathname === to || pathname.startsWith(`${to}/`);
}

/** The most specific item wins, so "Schedule settings" and "Schedule" are not both current. */
function activeItem(pathname: string, items: readonly { to: string }[]): string | undefined {
  return items.filter((item) => matches(pathname, item.to)).sort((a, b) => b.to.length - a.to.length)[0]?.to;
}

/** Moves focus to the new page's heading after in-app navigation, so screen readers announce it. */
function useFocusHeadingOnNavigate(): void {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const frame = window.requestAnimationFrame(() => {
      const heading = document.querySelector<HTMLElement>('main h1');
      const target = heading ?? document.getElementById('main');
      if (!target) return;
      if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
      target.focus();
    });
    return () => window.cancelAnimationFrame(frame);
  }, [pathname]);
}

function UserInfo() {
  const { me } = useSession();
  return (
    <Stack gap={0} align="flex-start">
      <Text size="sm" fw={600} lh={1.3}>
        {me.user.name}
      </Text>
      <Badge size="sm" variant="light" color="gray" tt="none">
        {roleLabel(me.user.role)}
      </Badge>
    </Stack>
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const { me, role, signOut } = useSession();
  const [opened, { toggle, close }] = useDisclosure(false);
  const { pathname } = useLocation();
  // Below the `sm` breakpoint a closed navbar is only moved off screen: make it unreachable too.
  const isMobile = useMediaQuery('(max-width: 47.99em)') ?? false;
  useFocusHeadingOnNavigate();
  const nav = navFor(role);
  const current = activeItem(pathname, nav);

  useEffect(() => close(), [pathname, close]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppShell
        header={{ height: 64 }}
        navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
        padding={{ base: 'sm', sm: 'lg' }}
      >
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
            <Group gap="sm" wrap="nowrap" miw={0}>
              <Burger
                opened={opened}
                onClick={toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label={opened ? 'Close navigation' : 'Open navigation'}
                aria-expanded={opened}
                aria-controls="app-navigation"
              />
              <Brand to="/app" />
              <Text size="sm" c="dimmed" truncate visibleFrom="xs" title={me.clinic.name}>
                {me.clinic.name}
              </Text>
            </Group>
            <Group gap="md" wrap="nowrap">
              <Box visibleFrom="sm">
                <UserInfo />
              </Box>
              <Button variant="default" size="sm" onClick={signOut}>
                Sign out
              </Button>
            </Group>
          </Group>
        </AppShell.Header>

        <AppShell.Navbar
          p="sm"
          id="app-navigation"
          aria-label="Main navigation"
          inert={isMobile && !opened ? true : undefined}
        >
          <Stack gap="md" hiddenFrom="sm" mb="md" px="xs">
            <Text size="sm" c="dimmed">
              {me.clinic.name}
            </Text>
            <UserInfo />
          </Stack>
          <Stack gap={2} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
            {nav.map((item) => {
              const active = item.to === current;
              return (
                <li key={item.to}>
                  <NavLink
                    component={Link}
                    to={item.to}
                    label={item.label}
                    active={active}
                    aria-current={active ? 'page' : undefined}
                    variant="light"
                    fw={active ? 700 : 500}
                  />
                </li>
              );
            })}
          </Stack>
        </AppShell.Navbar>

        <AppShell.Main id="main" tabIndex={-1}>
          <Box maw={1200} mx="auto">
            <ErrorBoundary resetKey={pathname}>{children}</ErrorBoundary>
          </Box>
        </AppShell.Main>
      </AppShell>
      <IdleWatcher idleTimeoutMinutes={me.session.idleTimeoutMinutes} />
    </>
  );
}
