import { type Logger, silentLogger } from './deps.js';
import type { CachedTokenFile, RemovedToken, TokenStore } from './token-store.js';

/**
 * Signs out locally the way `aws sso logout` does: every file in the cache that holds an
 * `accessToken` is deleted, also one without `startUrl` or `region`; for those with a `region`,
 * `onToken` runs first (for example to call the portal's Logout; a failure there is logged and the
 * file deleted anyway). Client registrations are kept; files that cannot be read (a FIFO, no
 * permission) are skipped with a warning. Resolves to what was removed, without the tokens.
 *
 * @example
 * ```ts
 * const removed = await logoutAll(new FileTokenStore(), async (token) => portal.logout({ accessToken: token.accessToken }));
 * console.log(`signed out of ${removed.length} sessions`);
 * ```
 */
export async function logoutAll(
  store: TokenStore,
  onToken?: (token: { accessToken: string; region: string; startUrl?: string | undefined }) => Promise<void>,
  logger: Logger = silentLogger,
): Promise<RemovedToken[]> {
  const entries: CachedTokenFile[] = store.listForLogout
    ? await store.listForLogout()
    : (await store.list()).map(({ key, file, token }) => ({
        key,
        file,
        accessToken: token.accessToken,
        startUrl: token.startUrl,
        region: token.region,
      }));
  const removed: RemovedToken[] = [];
  for (const { accessToken, ...entry } of entries) {
    if (onToken && accessToken && entry.region) {
      try {
        await onToken({ accessToken, region: entry.region, startUrl: entry.startUrl });
      } catch (e) {
        // A failed server-side logout must not keep the local token around.
        logger.warn('server-side logout failed; deleting the cached token anyway', {
          key: entry.key,
          code: (e as { code?: string }).code,
        });
      }
    }
    await store.removeKey(entry.key);
    removed.push(entry);
  }
  return removed;
}
