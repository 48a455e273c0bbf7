// Every suite runs once per backend: the fallback is a first-class backend, held to the same bounds.
import { setBackend } from '../../dist/index.js';
import { beforeEach } from 'vitest';

export const BACKENDS = ['wasm', 'js'] as const;

/** Call inside a describe block: pins the backend for each of its tests. */
export function useBackend(name: (typeof BACKENDS)[number]): void {
  beforeEach(() => setBackend(name));
}
