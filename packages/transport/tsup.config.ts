import { readFile } from 'node:fs/promises';
import type { Options } from 'tsup';
import { ssokitBuild } from '../../tsup.shared.js';

// The CommonJS build loads undici's proxy agent with require() where the source says import():
// from a CommonJS program, that import() would start Node's ES-module loader for one CommonJS
// module (measured on Node 20.20: 13.2 ms instead of 3.8 ms, median of 30 fresh processes;
// Node 24.22: 4.7 instead of 3.7).
const FORMAT = 'SSOKIT_BUILD_FORMAT';
const PROXY_AGENT_IMPORT = "await import('undici/lib/dispatcher/env-http-proxy-agent.js')";
const requireProxyAgentInCommonJs: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'require-proxy-agent-in-commonjs',
  setup(b) {
    // tsup builds ESM first and turns it into CommonJS afterwards: the format comes in a define
    if (b.initialOptions.define?.[FORMAT] !== '"cjs"') return;
    b.onLoad({ filter: /[/\\]src[/\\]undici-parts\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes(PROXY_AGENT_IMPORT))
        throw new Error(`tsup.config.ts: ${args.path} no longer says ${PROXY_AGENT_IMPORT}`);
      return {
        contents: source.replace(
          PROXY_AGENT_IMPORT,
          "{ default: require('undici/lib/dispatcher/env-http-proxy-agent.js') }",
        ),
        loader: 'ts',
      };
    });
  },
};

export default ssokitBuild(['src/index.ts', 'src/testing.ts', 'src/clock.ts'], {
  esbuildPlugins: [requireProxyAgentInCommonJs],
  esbuildOptions(options, { format }) {
    options.define = { ...options.define, [FORMAT]: JSON.stringify(format) };
  },
});
