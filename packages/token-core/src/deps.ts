// The clock and logger of every layer live in protocol's zod-free core entry (cheap on the
// credential_process path); this re-export keeps token-core's imports short.
export { type Clock, type Logger, silentLogger, systemClock } from '@ssokit/protocol/core';
