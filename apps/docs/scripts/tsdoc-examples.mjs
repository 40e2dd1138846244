// The TSDoc `@example` blocks of the published packages, turned into modules that tsc can compile.
//
// An example shows one call, so it may lean on two kinds of context it does not spell out:
// - names its own package exports (and the packages below it): imported automatically, from the
//   package's entries (`@ssokit/NAME`, then its sub-path entries such as `@ssokit/token-core/files`);
// - the few variables listed in CONTEXT below (a `client`, an `accessToken`, …): declared with
//   their type. Keep that list short; an example that needs more should create what it uses.
// An example whose only statement declares a variable shows nothing and is refused.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/**
 * Variables an example may use without creating them, per package (`*` for every package), with
 * their types. Types and values named here are imported like the example's own names.
 */
export const CONTEXT = {
  '*': {
    accessToken: 'string',
    signal: 'AbortSignal',
    region: 'string',
    startUrl: 'string',
    // a caught error, as in `catch (err) { if (isX(err)) … }`
    err: 'unknown',
    e: 'unknown',
    endpoint: 'string',
    accountId: 'string',
    roleName: 'string',
    clientId: 'string',
    clientSecret: 'string',
    state: 'string',
    // test code: vitest's expect and a playwright page
    expect: "typeof import('vitest').expect",
    page: "import('playwright-core').Page",
  },
  transport: { transport: 'Transport' },
  'oidc-client': { client: 'SsoOidcClient' },
  'portal-client': { client: 'SsoPortalClient' },
  'token-core': {
    manager: 'SessionManager',
    session: 'SsoSessionRef',
    store: 'TokenStore',
    token: 'SsoToken',
    refresher: 'TokenRefresher',
    login: 'LoginHandler',
  },
  'credential-provider': { session: 'SsoSessionRef', credentials: 'Parameters<typeof formatExport>[0]' },
  emulator: { emulator: 'Awaited<ReturnType<typeof startEmulator>>', authorizeUrl: 'string' },
};

/** The `@example` blocks of one source file: the fence's 1-based line and the code. */
export function extractExamples(source) {
  const lines = source.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*\*\s*@example\s*$/.test(lines[i])) continue;
    let j = i + 1;
    while (j < lines.length && /^\s*\*\s*$/.test(lines[j])) j++;
    const open = /^\s*\*\s*```\s*([\w-]*)\s*(.*)$/.exec(lines[j] ?? '');
    if (!open) continue;
    const fenceLine = j + 1;
    const body = [];
    for (j++; j < lines.length && !/^\s*\*\s*```\s*$/.test(lines[j]); j++) {
      if (/^\s*\*\//.test(lines[j])) break; // the comment ended without closing the fence
      body.push(lines[j].replace(/^\s*\* ?/, ''));
    }
    blocks.push({
      lang: open[1],
      flags: open[2].split(/\s+/).filter(Boolean),
      code: body.join('\n'),
      line: fenceLine,
      // columns of the code are this much further right in the source (the ` * ` before it)
      indent: /^\s*\* ?/.exec(lines[fenceLine - 1])[0].length,
    });
    i = j;
  }
  return blocks;
}

const walkTs = (dir) =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return walkTs(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });

/** Names declared at the top level of a block (imports, variables, functions, classes, types). */
function topLevelNames(sf) {
  const names = new Set();
  const bind = (n) => {
    if (ts.isIdentifier(n)) names.add(n.text);
    else if (ts.isObjectBindingPattern(n) || ts.isArrayBindingPattern(n))
      for (const e of n.elements) if (!ts.isOmittedExpression(e)) bind(e.name);
  };
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s)) {
      const c = s.importClause;
      if (c?.name) names.add(c.name.text);
      if (c?.namedBindings && ts.isNamedImports(c.namedBindings))
        for (const e of c.namedBindings.elements) names.add(e.name.text);
      if (c?.namedBindings && ts.isNamespaceImport(c.namedBindings)) names.add(c.namedBindings.name.text);
    } else if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) bind(d.name);
    } else if (
      (ts.isFunctionDeclaration(s) ||
        ts.isClassDeclaration(s) ||
        ts.isInterfaceDeclaration(s) ||
        ts.isTypeAliasDeclaration(s) ||
        ts.isEnumDeclaration(s)) &&
      s.name
    ) {
      names.add(s.name.text);
    }
  }
  return names;
}

/** Identifiers a block refers to (not property names after a dot or in an object literal key). */
function referencedNames(sf) {
  const out = new Set();
  const visit = (n) => {
    if (ts.isIdentifier(n)) {
      const p = n.parent;
      const isMemberName =
        (ts.isPropertyAccessExpression(p) && p.name === n) ||
        (ts.isQualifiedName(p) && p.right === n) ||
        ((ts.isPropertyAssignment(p) || ts.isPropertySignature(p) || ts.isMethodDeclaration(p)) &&
          p.name === n) ||
        (ts.isBindingElement(p) && p.propertyName === n);
      if (!isMemberName) out.add(n.text);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/**
 * Whether a block only declares a variable: one `const x: T = { … }` statement that calls nothing,
 * constructs nothing and awaits nothing, so it shows no use of the API (the type's page already
 * lists its members).
 */
export function showsNothing(code) {
  const sf = ts.createSourceFile('x.ts', code, ts.ScriptTarget.ES2022, true);
  if (sf.statements.length !== 1 || !ts.isVariableStatement(sf.statements[0])) return false;
  let acts = false;
  const visit = (n) => {
    if (
      ts.isCallExpression(n) ||
      ts.isNewExpression(n) ||
      ts.isAwaitExpression(n) ||
      ts.isTaggedTemplateExpression(n)
    )
      acts = true;
    else ts.forEachChild(n, visit);
  };
  visit(sf.statements[0]);
  return !acts;
}

/**
 * Every exported name of every published package's entries: name → [{ specifier, isValue }],
 * own package first when looked up through {@link exportsFor}.
 */
function packageExports(root, packages, sourceFiles) {
  const entries = [];
  for (const pkg of packages) {
    const manifest = JSON.parse(readFileSync(join(root, 'packages', pkg, 'package.json'), 'utf8'));
    if (manifest.private) continue;
    for (const [sub, target] of Object.entries(manifest.exports ?? {})) {
      const src = typeof target === 'object' ? target['@ssokit/source'] : undefined;
      if (!src) continue;
      entries.push({
        pkg,
        specifier: `${manifest.name}${sub === '.' ? '' : sub.slice(1)}`,
        file: join(root, 'packages', pkg, src),
      });
    }
  }
  const base = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.base.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: () => {},
    },
  );
  const program = ts.createProgram([...entries.map((e) => e.file), ...sourceFiles], {
    ...base.options,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const namesOf = (file) => {
    const sf = program.getSourceFile(file);
    const moduleSymbol = sf && checker.getSymbolAtLocation(sf);
    const names = new Map();
    for (const s of moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : []) {
      const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
      names.set(s.name, (target.flags & ts.SymbolFlags.Value) !== 0);
    }
    return names;
  };
  const byPackage = new Map();
  for (const e of entries) {
    const names = byPackage.get(e.pkg) ?? new Map();
    // The main entry first: a name it exports is imported from there, not from a sub-path.
    for (const [name, isValue] of namesOf(e.file)) {
      if (!names.has(name)) names.set(name, { specifier: e.specifier, isValue });
    }
    byPackage.set(e.pkg, names);
  }
  // An internal helper's example may use what its own file exports (imported from the file).
  const byFile = new Map(sourceFiles.map((f) => [f, namesOf(f)]));
  return { byPackage, byFile };
}

/** The published packages in their layering order, lowest first (how names are looked up after the own package). */
export const LAYERS = [
  'protocol',
  'transport',
  'oidc-client',
  'portal-client',
  'token-core',
  'credential-provider',
  'emulator',
];

/**
 * Writes one module per `@example` block of `packages/* /src` into `out`. Returns the file names,
 * where each came from (for error messages), how many were skipped (```ts ignore) and the blocks
 * that show nothing.
 */
export function writeTsdocExamples({ root, out, write }) {
  const packages = readdirSync(join(root, 'packages')).filter((p) =>
    statSync(join(root, 'packages', p, 'src'), { throwIfNoEntry: false })?.isDirectory(),
  );
  const sources = new Map(packages.map((p) => [p, walkTs(join(root, 'packages', p, 'src'))]));
  const { byPackage: exportsOf, byFile } = packageExports(root, packages, [...sources.values()].flat());
  const order = (pkg) => [
    pkg,
    ...LAYERS.filter((p) => p !== pkg),
    ...packages.filter((p) => !LAYERS.includes(p) && p !== pkg),
  ];
  const files = [];
  const origin = new Map();
  const empty = [];
  let skipped = 0;
  for (const pkg of packages) {
    for (const file of sources.get(pkg)) {
      const rel = relative(root, file);
      for (const b of extractExamples(readFileSync(file, 'utf8'))) {
        if (!['ts', 'typescript'].includes(b.lang)) continue;
        if (b.flags.includes('ignore')) {
          skipped++;
          continue;
        }
        if (showsNothing(b.code)) {
          empty.push(`${rel}:${b.line}`);
          continue;
        }
        const context = { ...CONTEXT['*'], ...CONTEXT[pkg] };
        const sf = ts.createSourceFile('x.ts', b.code, ts.ScriptTarget.ES2022, true);
        const declared = topLevelNames(sf);
        const used = referencedNames(sf);
        const declares = [...used]
          .filter((n) => !declared.has(n) && Object.hasOwn(context, n))
          .map((n) => `declare const ${n}: ${context[n]};`);
        const contextSf = ts.createSourceFile('c.ts', declares.join('\n'), ts.ScriptTarget.ES2022, true);
        const contextNames = new Set(declares.map((d) => d.split(/[ :]/)[2]));
        const wanted = new Set(
          [...used, ...referencedNames(contextSf)].filter((n) => !declared.has(n) && !contextNames.has(n)),
        );
        const imports = new Map(); // specifier → [names]
        const ownFile = `${relative(out, file).replace(/\.ts$/, '.js')}`;
        for (const name of wanted) {
          const fromFile = byFile.get(file)?.get(name);
          if (fromFile !== undefined && !exportsOf.get(pkg)?.has(name)) {
            const list = imports.get(ownFile) ?? [];
            list.push(fromFile ? name : `type ${name}`);
            imports.set(ownFile, list);
            continue;
          }
          for (const p of order(pkg)) {
            const hit = exportsOf.get(p)?.get(name);
            if (!hit) continue;
            const list = imports.get(hit.specifier) ?? [];
            list.push(hit.isValue ? name : `type ${name}`);
            imports.set(hit.specifier, list);
            break;
          }
        }
        const prelude = [
          ...[...imports].map(([spec, names]) => `import { ${names.sort().join(', ')} } from '${spec}';`),
          ...declares,
        ];
        const name = `${rel.replace(/[^\w]+/g, '_')}_L${b.line}.ts`;
        // One line per prelude entry, so the example's own lines keep a fixed offset.
        write(name, `${prelude.join('\n')}\n${b.code}\n\nexport {};\n`);
        files.push(name);
        origin.set(name, { where: `${rel}:${b.line}`, offset: prelude.length + 1, indent: b.indent });
      }
    }
  }
  return { files, origin, skipped, empty };
}
