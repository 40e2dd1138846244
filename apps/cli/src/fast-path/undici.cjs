'use strict';
// What dist/credentials-network.cjs gets for `require('undici')` (scripts/build-fast-path.mjs):
// the four things @ssokit/transport uses (Dispatcher, Agent, EnvHttpProxyAgent, request), from
// undici's own modules, without the rest of undici's index (fetch, WebSocket, the cache stores,
// MockAgent, the interceptors): half of undici's code, and about a third of the time a cold
// `ssokit credentials` spends loading. Proxies (EnvHttpProxyAgent) and any Dispatcher a caller
// passes work as with the whole package.
const Dispatcher = require('undici/lib/dispatcher/dispatcher');
const Agent = require('undici/lib/dispatcher/agent');
const EnvHttpProxyAgent = require('undici/lib/dispatcher/env-http-proxy-agent');
const api = require('undici/lib/api');
const { parseURL } = require('undici/lib/core/util');
const { InvalidArgumentError } = require('undici/lib/core/errors');

// as undici's index.js does: `dispatcher.request()` and friends on every Dispatcher
Object.assign(Dispatcher.prototype, api);

/**
 * undici's `request(url, options)` for a caller that always names its dispatcher (the transport
 * does): the same URL checks and the same call, without undici's global dispatcher.
 */
function request(url, opts) {
  if (!opts?.dispatcher) throw new InvalidArgumentError('request: opts.dispatcher is required');
  const parsed = parseURL(url);
  return api.request.call(opts.dispatcher, {
    ...opts,
    origin: parsed.origin,
    path: parsed.search ? `${parsed.pathname}${parsed.search}` : parsed.pathname,
    method: opts.method || (opts.body ? 'PUT' : 'GET'),
  });
}

module.exports = { Agent, Dispatcher, EnvHttpProxyAgent, request };
