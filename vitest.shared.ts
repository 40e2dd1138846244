import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

/**
 * The vitest project settings every package shares. Workspace packages resolve to their TypeScript
 * source through the `@ssokit/source` export condition, so a test never runs against a stale build.
 */
// Resolve third-party packages the way Node does, without Vite's `module` condition: @smithy/* (under
// the AWS SDK) publishes `module` builds with extension-less imports that Node cannot load once vitest
// externalises them.
const nodeLike = (conditions: readonly string[]) => conditions.filter((c) => c !== 'module');

export function ssokitProject(name: string, test: ViteUserConfig['test'] = {}): ViteUserConfig {
  // defineConfig, not defineProject: each package also runs on its own (`vitest run` in its folder, which
  // is what turbo does), and then it needs root-level options such as the JSON reporter.
  return defineConfig({
    resolve: { conditions: ['@ssokit/source', ...nodeLike(defaultClientConditions)] },
    ssr: { resolve: { conditions: ['@ssokit/source', ...nodeLike(defaultServerConditions)] } },
    test: {
      name,
      environment: 'node',
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      // Many suites run child processes (node, python, aws, chromium); on a loaded 2-core CI machine
      // they need headroom. A hang still fails within a minute.
      testTimeout: 60_000,
      hookTimeout: 60_000,
      // Under CI, a failing test runs once more: several suites measure real time (poll intervals,
      // 16- and 20-process races) on a 2-core machine shared by every package's tests. A real
      // breakage fails twice; a one-off scheduling hiccup does not block a landing.
      retry: process.env['CI'] ? 1 : 0,
      // The JSON report feeds the closing "N passed, N failed" line of `pnpm test` (scripts/test-summary.mjs).
      reporters: ['default', ['json', { outputFile: 'test-output/vitest-results.json' }]],
      ...test,
    },
  });
}
