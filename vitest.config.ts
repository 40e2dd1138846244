import { defineConfig } from 'vitest/config';

// One project per workspace package: every folder matched here that has a vitest config is a project,
// so `vitest` at the root runs them all and `vitest --project @ssokit/NAME` runs one.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'examples/*'],
  },
});
