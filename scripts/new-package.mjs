#!/usr/bin/env node
// Creates a published package shell under packages/NAME with the layout every package shares:
// exports map (ESM + CJS + types, plus the `@ssokit/source` condition the workspace resolves to),
// files whitelist, scripts, tsconfig, tsup and vitest configs. Usage: node scripts/new-package.mjs NAME "description"
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [name, description = ''] = process.argv.slice(2);
if (!name || !/^[a-z][a-z0-9-]*$/.test(name)) {
  console.error('usage: node scripts/new-package.mjs NAME "description"  (NAME in kebab-case)');
  process.exit(2);
}
const dir = join(import.meta.dirname, '..', 'packages', name);
if (existsSync(join(dir, 'package.json'))) {
  console.error(`packages/${name} already exists`);
  process.exit(1);
}
mkdirSync(join(dir, 'src'), { recursive: true });
const pkg = {
  name: `@ssokit/${name}`,
  version: '0.1.0',
  description,
  license: 'MIT',
  repository: { type: 'git', url: 'git+https://github.com/ssokit/ssokit.git', directory: `packages/${name}` },
  homepage: `https://github.com/ssokit/ssokit/tree/main/packages/${name}#readme`,
  bugs: { url: 'https://github.com/ssokit/ssokit/issues' },
  type: 'module',
  sideEffects: false,
  // the Node versions CI tests (the packaging check holds every package to them)
  engines: { node: JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')).engines.node },
  exports: {
    '.': {
      '@ssokit/source': './src/index.ts',
      import: { types: './dist/index.d.ts', default: './dist/index.js' },
      require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
    },
    './package.json': './package.json',
  },
  main: './dist/index.cjs',
  module: './dist/index.js',
  types: './dist/index.d.cts',
  files: ['dist', 'src', '!src/**/*.test.ts', 'LICENSE'],
  scripts: {
    build: 'tsup',
    typecheck: 'tsc -p tsconfig.json',
    lint: 'biome check .',
    test: 'vitest run',
    'check-packages': 'node ../../scripts/check-package.mjs',
  },
  dependencies: {},
  publishConfig: { access: 'public' },
};
writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
copyFileSync(join(import.meta.dirname, '..', 'LICENSE'), join(dir, 'LICENSE'));
writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify({ extends: '../../tsconfig.base.json', include: ['src', 'test', 'bench', '*.ts'] }, null, 2)}\n`);
writeFileSync(join(dir, 'tsup.config.ts'), "import { ssokitBuild } from '../../tsup.shared.js';\n\nexport default ssokitBuild();\n");
writeFileSync(join(dir, 'vitest.config.ts'), `import { ssokitProject } from '../../vitest.shared.js';\n\nexport default ssokitProject('@ssokit/${name}');\n`);
writeFileSync(join(dir, 'src', 'index.ts'), `/**\n * ${description}\n *\n * @packageDocumentation\n */\nexport {};\n`);
writeFileSync(join(dir, 'README.md'), `# @ssokit/${name}\n\n${description}\n\n\`\`\`sh\nnpm install @ssokit/${name}\n\`\`\`\n`);
console.log(`created packages/${name}`);
