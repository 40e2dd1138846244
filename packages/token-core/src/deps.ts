// One clock and one logger serve every layer: transport's, from its light `clock` entry, which does
// not load undici (the token-only path, credential_process with a cached token, must stay cheap).
export { type Clock, type Logger, silentLogger, systemClock } from '@ssokit/transport/clock';
