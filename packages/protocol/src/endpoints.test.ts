import { describe, expect, it } from 'vitest';
import {
  consolePartition,
  endpointEnvVariable,
  resolveEndpoint,
  validateEndpointUrl,
  validateRegion,
  validateStartUrl,
} from './endpoints.js';
import { ValidationError } from './ssokit-error.js';

describe('resolveEndpoint', () => {
  it('builds regional endpoints for the aws and aws-cn partitions', () => {
    expect(resolveEndpoint({ service: 'sso-oidc', region: 'us-east-1' })).toBe(
      'https://oidc.us-east-1.amazonaws.com',
    );
    expect(resolveEndpoint({ service: 'sso', region: 'eu-west-2' })).toBe(
      'https://portal.sso.eu-west-2.amazonaws.com',
    );
    expect(resolveEndpoint({ service: 'sso-oidc', region: 'cn-north-1' })).toBe(
      'https://oidc.cn-north-1.amazonaws.com.cn',
    );
    expect(resolveEndpoint({ service: 'sso', region: 'cn-northwest-1' })).toBe(
      'https://portal.sso.cn-northwest-1.amazonaws.com.cn',
    );
    expect(resolveEndpoint({ service: 'sso', region: 'us-gov-west-1' })).toBe(
      'https://portal.sso.us-gov-west-1.amazonaws.com',
    );
  });

  it('builds FIPS endpoints', () => {
    expect(resolveEndpoint({ service: 'sso-oidc', region: 'us-east-1', fips: true })).toBe(
      'https://oidc-fips.us-east-1.amazonaws.com',
    );
    expect(resolveEndpoint({ service: 'sso', region: 'us-west-2', fips: true })).toBe(
      'https://portal.sso-fips.us-west-2.amazonaws.com',
    );
  });

  it('applies overrides in the documented order (design notes, Endpoints)', () => {
    const all = {
      service: 'sso-oidc' as const,
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:1',
      env: { AWS_ENDPOINT_URL_SSO_OIDC: 'http://127.0.0.1:2', AWS_ENDPOINT_URL: 'http://127.0.0.1:3' },
      servicesSection: { sso_oidc: { endpoint_url: 'http://127.0.0.1:4' } },
      profileEndpointUrl: 'http://127.0.0.1:5',
    };
    expect(resolveEndpoint(all)).toBe('http://127.0.0.1:1');
    expect(resolveEndpoint({ ...all, endpoint: undefined })).toBe('http://127.0.0.1:2');
    expect(
      resolveEndpoint({ ...all, endpoint: undefined, env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:3' } }),
    ).toBe('http://127.0.0.1:3');
    expect(resolveEndpoint({ ...all, endpoint: undefined, env: {} })).toBe('http://127.0.0.1:4');
    expect(
      resolveEndpoint({
        ...all,
        endpoint: undefined,
        env: {},
        servicesSection: { 'sso_oidc.endpoint_url': 'http://127.0.0.1:6' },
      }),
    ).toBe('http://127.0.0.1:6');
    expect(resolveEndpoint({ ...all, endpoint: undefined, env: {}, servicesSection: {} })).toBe(
      'http://127.0.0.1:5',
    );
    // the portal reads its own variable and config key, not the oidc ones
    expect(resolveEndpoint({ ...all, service: 'sso', endpoint: undefined })).toBe('http://127.0.0.1:3');
    expect(
      resolveEndpoint({
        service: 'sso',
        region: 'us-east-1',
        env: { AWS_ENDPOINT_URL_SSO: 'https://x.example/' },
      }),
    ).toBe('https://x.example');
  });

  it('accepts plain http only for loopback hosts', () => {
    expect(validateEndpointUrl('http://localhost:8080/')).toBe('http://localhost:8080');
    expect(validateEndpointUrl('http://[::1]:8080')).toBe('http://[::1]:8080');
    expect(() => validateEndpointUrl('http://sso.example.com')).toThrow(/non-loopback/);
    expect(() => validateEndpointUrl('ftp://127.0.0.1')).toThrow(ValidationError);
    expect(() => validateEndpointUrl('not a url', 'AWS_ENDPOINT_URL_SSO')).toThrow(/AWS_ENDPOINT_URL_SSO/);
  });
});

describe('validation', () => {
  it('explains a bad region', () => {
    expect(() => validateRegion('us_east_1')).toThrow(/not a valid AWS region.*us-east-1/);
    expect(() => validateRegion('')).toThrow(/required/);
    expect(() => validateRegion(undefined, 'sso_region')).toThrow(/sso_region/);
    expect(() => validateRegion('ap-southeast-2')).not.toThrow();
  });

  it('explains a bad start URL', () => {
    expect(() => validateStartUrl('my-org.awsapps.com/start')).toThrow(/not a URL/);
    expect(() => validateStartUrl('http://my-org.awsapps.com/start')).toThrow(/https/);
    expect(() => validateStartUrl('https://user:pw@my-org.awsapps.com/start')).toThrow(/user name/);
    expect(() => validateStartUrl('https://d-1234567890.awsapps.com/start')).not.toThrow();
    // new URL() would accept these, silently dropping the tab and the line break
    for (const bad of [
      'https://my-org.awsapps.com/st\tart',
      'https://my-org.awsapps.com/start\ncredential_process = sh',
    ])
      expect(() => validateStartUrl(bad)).toThrow(/line break or control character/);
    expect(() => validateStartUrl('http://127.0.0.1:9000/start')).not.toThrow();
    try {
      validateStartUrl(42, 'sso_start_url');
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).member).toBe('sso_start_url');
    }
  });

  it('resolves STS regionally, as botocore 1.43 and AWS SDK v3 do, with its own overrides', () => {
    expect(resolveEndpoint({ service: 'sts', region: 'eu-west-1' })).toBe(
      'https://sts.eu-west-1.amazonaws.com',
    );
    expect(resolveEndpoint({ service: 'sts', region: 'cn-north-1' })).toBe(
      'https://sts.cn-north-1.amazonaws.com.cn',
    );
    expect(resolveEndpoint({ service: 'sts', region: 'us-east-1', fips: true })).toBe(
      'https://sts-fips.us-east-1.amazonaws.com',
    );
    const env = { AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:7001', AWS_ENDPOINT_URL: 'http://127.0.0.1:7002' };
    expect(resolveEndpoint({ service: 'sts', region: 'eu-west-1', env })).toBe('http://127.0.0.1:7001');
    // the SSO variables do not apply to STS
    expect(
      resolveEndpoint({
        service: 'sts',
        region: 'eu-west-1',
        env: { AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:1' },
      }),
    ).toBe('https://sts.eu-west-1.amazonaws.com');
    expect(
      resolveEndpoint({
        service: 'sts',
        region: 'eu-west-1',
        servicesSection: { sts: { endpoint_url: 'http://127.0.0.1:7003' } },
      }),
    ).toBe('http://127.0.0.1:7003');
  });
});

describe('sign-in federation endpoints', () => {
  it("uses the global sign-in host of the region's partition", () => {
    expect(resolveEndpoint({ service: 'signin', region: 'eu-west-1' })).toBe('https://signin.aws.amazon.com');
    expect(resolveEndpoint({ service: 'signin', region: 'cn-northwest-1' })).toBe(
      'https://signin.amazonaws.cn',
    );
    expect(resolveEndpoint({ service: 'signin', region: 'us-gov-east-1' })).toBe(
      'https://signin.amazonaws-us-gov.com',
    );
    expect(resolveEndpoint({ service: 'signin', region: 'us-east-1', fips: true })).toBe(
      'https://signin.aws.amazon.com',
    );
    expect(() => resolveEndpoint({ service: 'signin', region: 'us-iso-east-1' })).toThrow(ValidationError);
  });

  it('names the console host beside it', () => {
    expect(consolePartition('ap-southeast-2')).toEqual({
      partition: 'aws',
      signinHost: 'signin.aws.amazon.com',
      consoleHost: 'console.aws.amazon.com',
    });
    expect(consolePartition('cn-north-1').consoleHost).toBe('console.amazonaws.cn');
    expect(consolePartition('us-gov-west-1').consoleHost).toBe('console.amazonaws-us-gov.com');
    expect(() => consolePartition('nowhere')).toThrow(ValidationError);
  });

  it('takes AWS_ENDPOINT_URL_SIGNIN, then AWS_ENDPOINT_URL, then [services] signin, and not the sso variables', () => {
    const base = { service: 'signin' as const, region: 'us-east-1' };
    const env = {
      AWS_ENDPOINT_URL_SIGNIN: 'http://127.0.0.1:7',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:8',
      AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:9',
    };
    expect(endpointEnvVariable('signin')).toBe('AWS_ENDPOINT_URL_SIGNIN');
    expect(resolveEndpoint({ ...base, env })).toBe('http://127.0.0.1:7');
    expect(resolveEndpoint({ ...base, env: { ...env, AWS_ENDPOINT_URL_SIGNIN: undefined } })).toBe(
      'http://127.0.0.1:8',
    );
    expect(
      resolveEndpoint({
        ...base,
        env: { AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:9' },
        servicesSection: {
          signin: { endpoint_url: 'http://localhost:10/' },
          sso: { endpoint_url: 'http://127.0.0.1:11' },
        },
      }),
    ).toBe('http://localhost:10');
  });
});
