import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { type FromSsoOptions, fromSso } from '@ssokit/credential-provider';

/** Options of {@link whoAmI}: which profile (and how to sign in), and where STS is. */
export interface WhoAmIOptions extends FromSsoOptions {
  /** The region of the STS client (default `us-east-1`). */
  region?: string;
  /** An STS endpoint other than AWS's (the test points it at a loopback server). */
  stsEndpoint?: string;
}

/**
 * The smallest useful AWS SDK v3 app: ask STS who the credentials of an IAM Identity Center profile
 * belong to. `fromSso()` takes the place of `fromSSO()` from `@aws-sdk/credential-providers`.
 */
export async function whoAmI(options: WhoAmIOptions = {}): Promise<{ account?: string; arn?: string }> {
  const { region = 'us-east-1', stsEndpoint, ...sso } = options;
  const sts = new STSClient({
    region,
    credentials: fromSso(sso),
    ...(stsEndpoint ? { endpoint: stsEndpoint } : {}),
  });
  try {
    const out = await sts.send(new GetCallerIdentityCommand({}));
    return { account: out.Account, arn: out.Arn };
  } finally {
    sts.destroy();
  }
}
