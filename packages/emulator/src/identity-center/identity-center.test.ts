import { describe, expect, it } from 'vitest';
import { EmulatorClock } from '../clock.js';
import { newAccessKeyId, newUserCode, normalizeUserCode } from '../ids.js';
import { pkceChallenge, redirectMatches } from './authorize-requests.js';

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
