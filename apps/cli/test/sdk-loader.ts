// AWS SDK v3's own config loader, for tests that check a written file means to the SDK what ssokit
// meant. `@smithy/shared-ini-file-loader` is a devDependency of @ssokit/credential-provider (which
// reads the config with it); the CLI reaches it through that package instead of adding a copy.
import { createRequire } from 'node:module';
import type { ParsedIniData } from '@smithy/types';

interface Loader {
  loadSharedConfigFiles(init: {
    configFilepath: string;
    filepath: string;
    ignoreCache: boolean;
  }): Promise<{ configFile: ParsedIniData }>;
}

const fromCredentialProvider = createRequire(
  createRequire(import.meta.url).resolve('@ssokit/credential-provider/package.json'),
);

/** The config file's sections as the SDK keys them (`default`, profile names, `sso-session.NAME`). */
export async function loadConfigWithSdk(file: string): Promise<ParsedIniData> {
  const { loadSharedConfigFiles } = fromCredentialProvider('@smithy/shared-ini-file-loader') as Loader;
  const { configFile } = await loadSharedConfigFiles({
    configFilepath: file,
    filepath: file,
    ignoreCache: true,
  });
  return configFile;
}
