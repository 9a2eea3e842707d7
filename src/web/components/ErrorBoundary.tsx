import { Alert, Button, Stack, Text } from '@mantine/core';
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
  /** Changing this (for example the path) clears the error, so navigation recovers. */
  resetKey?: string;
}

interface State {
  error: Error | null;
  resetKey?: string;
}

/** Keeps a bug in one page from blanking the whole app; nothing is logged or stored. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.resetKey ? { error: null, resetKey: props.resetKey } : null;
  }

  override componentDidCatch(_error: Error, _info: ErrorInfo): void {
    // Deliberately no reporting: error details may contain patient data.
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <Stack gap="md" maw={640}>
        <Alert color="red" title="Something went wrong on this page">
          <Text size="sm">
            The page hit an unexpected problem. Your last saved changes are safe. Reload to try again; if it
            keeps happening, tell your administrator what you were doing.
          </Text>
        </Alert>
        <div>
          <Button onClick={() => window.location.reload()}>Reload the page</Button>
        </div>
      </Stack>
    );
  }
}
