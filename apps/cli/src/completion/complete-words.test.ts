import { describe, expect, it } from 'vitest';
import { buildProgram } from '../main.js';
import { type CompletionSources, completeWords } from './complete-words.js';
import { completionScript } from './completion-script.js';

const sources: CompletionSources = {
  profiles: async () => ['prod', 'dev', 'default'],
  ssoSessions: async () => ['work', 'home'],
  accountIds: async () => ['111111111111', '222222222222', '111111111111'],
};
const complete = (...words: string[]) => completeWords(buildProgram(), words, sources);

describe('completeWords', () => {
  it('completes command names from the parser', async () => {
    expect(await complete('cre')).toEqual(['credentials']);
    expect(await complete('lo')).toEqual(['login', 'logout']);
    expect(await complete('')).toContain('populate');
    expect(await complete('', 'x')).toEqual([]);
  });

  it("completes a command's options and the global ones, not those already given", async () => {
    expect(await complete('credentials', '--f')).toEqual(['--format']);
    expect(await complete('login', '--re')).toEqual(['--redirect-port']);
    expect(await complete('--d')).toEqual(['--debug']);
    const left = await complete('credentials', '--profile', 'dev', '');
    expect(left).toContain('--format');
    expect(left).toContain('--debug');
    expect(left).not.toContain('--profile');
    // --region may be given more than once to populate
    expect(await complete('populate', '--region', 'eu-west-1', '--reg')).toEqual(['--region']);
  });

  it('completes values: profiles, sessions, account ids (once each), --format choices, shells', async () => {
    expect(await complete('credentials', '--profile', '')).toEqual(['default', 'dev', 'prod']);
    expect(await complete('credentials', '--profile', 'd')).toEqual(['default', 'dev']);
    expect(await complete('login', '--sso-session', '')).toEqual(['home', 'work']);
    expect(await complete('roles', '--account', '1')).toEqual(['111111111111']);
    expect(await complete('credentials', '--sso-session', 'work', '--account-id', '')).toEqual([
      '111111111111',
      '222222222222',
    ]);
    expect(await complete('credentials', '--format', 'env')).toEqual(['env', 'env-no-export']);
    expect(await complete('completion', '')).toEqual(['bash', 'fish', 'powershell', 'zsh']);
    // a value that is not a name ssokit knows: nothing rather than a guess
    expect(await complete('populate', '--template', '')).toEqual([]);
  });
});

describe('completionScript', () => {
  it('each shell hands its words to `ssokit __complete --` and registers for ssokit', () => {
    expect(completionScript('bash')).toContain('complete -F _ssokit_complete ssokit');
    expect(completionScript('zsh')).toContain('compdef _ssokit ssokit');
    expect(completionScript('fish')).toContain("complete -c ssokit -f -a '(__ssokit_complete)'");
    expect(completionScript('powershell')).toContain(
      'Register-ArgumentCompleter -Native -CommandName ssokit',
    );
    for (const shell of ['bash', 'zsh', 'fish', 'powershell'] as const)
      expect(completionScript(shell)).toContain('ssokit __complete -- ');
  });
});
