import { DEFAULT_SCOPE, GrantType, SLOW_DOWN_INCREMENT_SECONDS } from '@ssokit/protocol';
import { describe, expect, it } from 'vitest';
import { assembleEmulator } from '../assemble.js';
import { EmulatorClock } from '../clock.js';
import { EmulatorError, EmulatorErrorCode, type ServiceFailure } from '../errors.js';
import { newAccessKeyId, newUserCode, normalizeUserCode } from '../ids.js';
import { parseEmulatorOptions } from '../options.js';
import type { EmulatorOptions } from '../start-emulator.js';
import { pkceChallenge, redirectMatches } from './authorize-requests.js';
import { AUTHORIZE_REQUEST_TTL_SECONDS } from './settings.js';

describe('pkceChallenge', () => {
  it('matches the RFC 7636 appendix B example', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });
});

describe('redirectMatches', () => {
  const registered = ['http://127.0.0.1/oauth/callback', 'https://app.example.com/cb'];
  it('lets a portless loopback registration match any port, same host and path', () => {
    expect(redirectMatches(registered, 'http://127.0.0.1:1/oauth/callback')).toBe(true);
    expect(redirectMatches(registered, 'http://127.0.0.1:65535/oauth/callback')).toBe(true);
    expect(redirectMatches(registered, 'http://127.0.0.1:8080/oauth/other')).toBe(false);
    expect(redirectMatches(registered, 'http://127.0.0.2:8080/oauth/callback')).toBe(false);
    expect(redirectMatches(registered, 'https://127.0.0.1:8080/oauth/callback')).toBe(false);
    expect(redirectMatches(registered, 'http://127.0.0.1:8080/oauth/callback?x=1')).toBe(false);
  });
  it('matches other URIs exactly', () => {
    expect(redirectMatches(registered, 'https://app.example.com/cb')).toBe(true);
    expect(redirectMatches(registered, 'https://app.example.com:8443/cb')).toBe(false);
    expect(redirectMatches(registered, 'not a url')).toBe(false);
  });
});

describe('ids', () => {
  it('makes XXXX-XXXX user codes from consonants and normalises what people type', () => {
    for (let i = 0; i < 200; i++)
      expect(newUserCode()).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    expect(normalizeUserCode(' bcdf ghjk ')).toBe('BCDF-GHJK');
    expect(normalizeUserCode('bcdfghjk')).toBe('BCDF-GHJK');
  });
  it('makes ASIA access key ids', () => {
    const ids = new Set(Array.from({ length: 100 }, newAccessKeyId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^ASIA[A-Z2-7]{16}$/);
  });
});

describe('EmulatorClock', () => {
  it('is real time plus an offset that only moves forward', () => {
    let real = 1_000;
    const clock = new EmulatorClock(() => real);
    clock.advance(500);
    real = 1_100;
    expect(clock.now()).toBe(1_600);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    clock.reset();
    expect(clock.now()).toBe(1_100);
  });
});

describe('randomToken', () => {
  it('never starts with a character a command line reads as an option', async () => {
    const { randomToken } = await import('../ids.js');
    for (let i = 0; i < 2000; i++) expect(randomToken(8)).toMatch(/^[A-Za-z0-9]/);
  });
});

describe('IdentityCenter, driven directly', () => {
  const T0 = Date.UTC(2026, 0, 1);
  function engineAt(options: EmulatorOptions = {}) {
    const clock = new EmulatorClock(() => T0);
    const { engine } = assembleEmulator(parseEmulatorOptions(options), undefined, clock);
    return { engine, clock };
  }
  const PKCE_CLIENT = {
    clientName: 'pkce',
    clientType: 'public' as const,
    scopes: [DEFAULT_SCOPE],
    grantTypes: [GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN],
    redirectUris: ['http://127.0.0.1/oauth/callback'],
    issuerUrl: 'https://identitycenter.amazonaws.com/ssoins-1',
  };
  const authorizeQuery = (clientId: string) => ({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: 'http://127.0.0.1:4321/oauth/callback',
    state: 'st',
    code_challenge_method: 'S256',
    code_challenge: pkceChallenge('v'.repeat(43)),
  });

  it('keeps an /authorize request for its own lifetime, not the device code lifetime', () => {
    const { engine, clock } = engineAt({ deviceCodeExpiresInSeconds: 1 });
    const { clientId } = engine.clients.register(PKCE_CLIENT);
    const out = engine.authorize.begin(authorizeQuery(clientId!));
    if (out.kind !== 'pending') throw new Error(`expected a pending request, got ${out.kind}`);
    clock.advance(60_000); // long past the 1 s device code lifetime
    expect(engine.authorize.get(out.request.id)?.id).toBe(out.request.id);
    clock.advance(AUTHORIZE_REQUEST_TTL_SECONDS * 1000);
    expect(engine.authorize.get(out.request.id)).toBeUndefined();
  });

  it('reports an unknown or expired /authorize request as such, not as an unknown user code', () => {
    const { engine } = engineAt();
    const e = (() => {
      try {
        engine.authorize.decide('no-such-request', 'approve', 'alice');
      } catch (error) {
        return error as EmulatorError;
      }
      throw new Error('expected decide() to throw');
    })();
    expect(e).toBeInstanceOf(EmulatorError);
    expect(e.code).toBe(EmulatorErrorCode.UNKNOWN_AUTHORIZE_REQUEST);
    expect(e.message).toContain('/authorize request');
  });

  it('lengthens the polling interval by the protocol slow-down increment on each slow_down', () => {
    const { engine, clock } = engineAt({ pollIntervalSeconds: 1 });
    const c = engine.clients.register({ clientName: 'cli', clientType: 'public', scopes: [DEFAULT_SCOPE] });
    const creds = { clientId: c.clientId!, clientSecret: c.clientSecret! };
    const d = engine.devices.start({ ...creds, startUrl: 'https://example.awsapps.com/start' });
    const poll = () => {
      try {
        engine.createToken({ ...creds, grantType: GrantType.DEVICE_CODE, deviceCode: d.deviceCode! });
      } catch (e) {
        return (e as ServiceFailure).errorName;
      }
      return 'token';
    };
    expect(poll()).toBe('AuthorizationPendingException');
    expect(poll()).toBe('SlowDownException'); // interval is now 1 + increment
    clock.advance((1 + SLOW_DOWN_INCREMENT_SECONDS) * 1000 - 1);
    expect(poll()).toBe('SlowDownException'); // just inside it: 1 + 2 × increment
    clock.advance((1 + 2 * SLOW_DOWN_INCREMENT_SECONDS) * 1000);
    expect(poll()).toBe('AuthorizationPendingException');
  });
});
