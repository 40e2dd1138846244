// The extraction behind `pnpm typecheck`'s compile of every TSDoc @example block
// (scripts/check-code-blocks.mjs): blocks are found with their source line, the context an example
// may assume is imported or declared for it, and examples that only declare a variable are refused.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractExamples, LAYERS, showsNothing, writeTsdocExamples } from '../scripts/tsdoc-examples.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('extractExamples', () => {
  it('returns each fenced @example with the line of its fence, without the comment prefix', () => {
    const source = [
      'export class A {', // 1
      '  /**', // 2
      '   * Does it.', // 3
      '   *', // 4
      '   * @example', // 5
      '   * ```ts', // 6
      '   * await a.run();', // 7
      '   *   nested();', // 8
      '   * ```', // 9
      '   */', // 10
      '  run() {}', // 11
      '}', // 12
      '/** Mail me@example.com, not a tag. */', // 13
    ].join('\n');
    expect(extractExamples(source)).toEqual([
      { lang: 'ts', flags: [], code: 'await a.run();\n  nested();', line: 6, indent: 5 },
    ]);
  });

  it('keeps the flags after the language (```ts ignore)', () => {
    const [block] = extractExamples('/**\n * @example\n * ```ts ignore\n * partial(\n * ```\n */');
    expect(block?.flags).toEqual(['ignore']);
  });
});

describe('showsNothing', () => {
  it('is true for a lone declaration that calls nothing', () => {
    expect(showsNothing("const options: Options = { region: 'eu-west-1', retry: { maxAttempts: 5 } };")).toBe(
      true,
    );
    expect(showsNothing("const code: Code = 'ERR_X';")).toBe(true);
  });

  it('is false once the example calls, constructs or awaits something, or has more statements', () => {
    expect(
      showsNothing('const { roleList } = await client.listAccountRoles({ accessToken, accountId });'),
    ).toBe(false);
    expect(showsNothing("const cache = new RegistrationCache({ homeDir: '/tmp' });")).toBe(false);
    expect(showsNothing('const url = buildAuthorizeUrl(input);')).toBe(false);
    expect(showsNothing('const a = 1;\nconsole.log(a);')).toBe(false);
  });
});

describe('writeTsdocExamples over the packages', () => {
  const written = new Map<string, string>();
  const result = writeTsdocExamples({
    root,
    out: '/tmp/unused',
    write: (name, text) => written.set(name, text),
  });

  it('finds the examples of every published package, and none only declares a variable', () => {
    expect(result.empty).toEqual([]);
    const packages = new Set([...result.origin.values()].map((o) => o.where.split('/')[1]));
    for (const p of LAYERS) expect(packages).toContain(p);
    expect(result.files.length).toBeGreaterThan(150);
  });

  it("imports the package's names an example uses and declares the shared context", () => {
    // portal-client's examples use the `client` of the shared context, typed by an imported class
    const name = result.files.find(
      (f) =>
        f.startsWith('packages_portal_client_') &&
        written.get(f)?.includes('declare const client: SsoPortalClient;'),
    );
    expect(name).toBeDefined();
    const module = written.get(name!)!;
    expect(module).toMatch(/^import \{ [^}]*SsoPortalClient[^}]*\} from '@ssokit\/portal-client';$/m);
    expect(module).toMatch(/\nexport \{\};\n$/);
    // The example's own first line comes right after the generated lines, where `offset` says.
    const { offset } = result.origin.get(name!)!;
    const firstLine = module.split('\n')[offset - 1];
    expect(firstLine).not.toMatch(/^(import|declare) /);
  });
});
