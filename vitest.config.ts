import { defineConfig } from 'vitest/config';

// One project per workspace package: every package's own vitest config is a project, so `vitest` at the
// root runs them all and `vitest --project @ssokit/NAME` runs one. The globs name the config files, not
// the folders: a folder glob also matches plain files such as examples/README.md, which vitest rejects.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'apps/*/vitest.config.ts', 'examples/*/vitest.config.ts'],
  },
});
