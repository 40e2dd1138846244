import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ACCOUNT_ID_PATTERN } from '@ssokit/protocol/core';
import { type CompletionShell, type CompletionSources, completeWords } from '../completion/complete-words.js';
import { completionScript } from '../completion/completion-script.js';
import type { CompletionFlags } from '../options/completion.js';

export async function run(flags: CompletionFlags): Promise<number> {
  process.stdout.write(completionScript(flags.args?.[0] as CompletionShell));
  return 0;
}

/** Account ids of the AWS CLI role-credential cache (`Credentials.AccountId`); unreadable files are skipped. */
async function cachedAccountIds(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const ids = await Promise.all(
    names
      .filter((n) => n.endsWith('.json'))
      .map(async (n) => {
        try {
          const id = JSON.parse(await readFile(join(dir, n), 'utf8'))?.Credentials?.AccountId;
          return typeof id === 'string' && ACCOUNT_ID_PATTERN.test(id) ? [id] : [];
        } catch {
          return [];
        }
      }),
  );
  return ids.flat();
}

/** The config file and the caches of this machine, read only for the completion asked for. */
function machineSources(env: Readonly<Record<string, string | undefined>>): CompletionSources {
  const provider = import('@ssokit/credential-provider');
  const quietly = <T>(p: Promise<T[]>): Promise<T[]> => p.catch(() => []);
  return {
    profiles: () =>
      quietly(provider.then((m) => m.listProfiles({ env }).then((ps) => ps.map((p) => p.name)))),
    ssoSessions: () =>
      quietly(provider.then((m) => m.listSsoSessions({ env }).then((ss) => ss.map((s) => s.name)))),
    accountIds: () =>
      quietly(
        provider.then(async (m) => [
          ...(await m.listProfiles({ env }).catch(() => [])).flatMap((p) =>
            p.accountId ? [p.accountId] : [],
          ),
          ...(await cachedAccountIds(m.roleCredentialCacheDir())),
        ]),
      ),
  };
}

/**
 * `ssokit __complete -- WORDS...` (what the completion scripts call): prints the completions of the
 * last word, one a line. Never fails loudly: a shell shows nothing rather than an error.
 */
export async function complete(words: readonly string[], env = process.env): Promise<number> {
  const { buildProgram } = await import('../main.js');
  const candidates = await completeWords(buildProgram(), words, machineSources(env));
  process.stdout.write(candidates.map((c) => `${c}\n`).join(''));
  return 0;
}
