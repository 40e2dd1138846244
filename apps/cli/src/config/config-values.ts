import {
  ACCOUNT_ID_PATTERN,
  isSsokitError,
  ROLE_NAME_PATTERN,
  validateEndpointUrl,
  validateRegion,
  validateStartUrl,
} from '@ssokit/protocol';
import { CliError, ExitCode } from '../errors.js';
import { isLoadableProfileName } from './populate-plan.js';

/**
 * Checks of the values `configure` and `populate` write into ~/.aws/config, each returning what is
 * wrong in words a prompt can show, or `undefined`. They run before anything is written.
 */
export const configValueProblems = {
  /** A profile or sso-session name: what AWS's config loader reads (letters, digits, `_-@+.%:/`). */
  name(v: string): string | undefined {
    return isLoadableProfileName(v)
      ? undefined
      : 'use only letters, digits and _-@+.%:/ (AWS tools ignore a section named otherwise)';
  },
  startUrl(v: string): string | undefined {
    return problemOf(() => validateStartUrl(v, 'the start URL'));
  },
  region(v: string): string | undefined {
    return problemOf(() => validateRegion(v, 'the region'));
  },
  /** An endpoint URL: https, or http to loopback only. */
  endpointUrl(v: string): string | undefined {
    return problemOf(() => validateEndpointUrl(v, 'the endpoint URL'));
  },
  /** sso_registration_scopes: scope tokens (RFC 6749 section 3.3) separated by commas or spaces. */
  scopes(v: string): string | undefined {
    const tokens = v.split(/[ ,]+/).filter((x) => x !== '');
    return tokens.every((t) => /^[\x21\x23-\x2b\x2d-\x5b\x5d-\x7e]+$/.test(t))
      ? undefined
      : 'scopes are words like sso:account:access, separated by commas';
  },
  accountId(v: string): string | undefined {
    return ACCOUNT_ID_PATTERN.test(v) ? undefined : 'an AWS account id is 12 digits';
  },
  roleName(v: string): string | undefined {
    return ROLE_NAME_PATTERN.test(v) ? undefined : 'a role name is 1 to 32 letters, digits or _+=,.@-';
  },
} as const;

/** A prompt's message for a validation error, without the error class noise. */
function problemOf(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return isSsokitError(e) ? e.message : String(e);
  }
}

/** Throws a usage error (exit 2) naming the flag when `problem` found one. */
export function checkFlag(
  flag: string,
  value: string | undefined,
  problem: (v: string) => string | undefined,
): void {
  if (value === undefined) return;
  const found = problem(value);
  if (found) throw new CliError(`${flag} ${JSON.stringify(value)}: ${found}`, ExitCode.USAGE);
}

/** `populate --region`: the default region and the per-account ones. */
export interface PopulateRegions {
  /** `--region R`: written into every profile without an account override. */
  region?: string | undefined;
  /** `--region ACCOUNT_ID=R`: the region of that account's profiles. */
  byAccount: Record<string, string>;
}

/**
 * Reads the repeatable `populate --region`: `R` is the default region, `ACCOUNT_ID=R` the region of
 * one account's profiles. Two defaults, or one account with two regions, are a usage error (exit 2),
 * as is a malformed account id or region.
 */
export function parseRegionFlags(values: readonly string[] | undefined): PopulateRegions {
  const out: PopulateRegions = { byAccount: {} };
  for (const value of values ?? []) {
    const eq = value.indexOf('=');
    if (eq === -1) {
      checkFlag('--region', value, configValueProblems.region);
      if (out.region !== undefined && out.region !== value)
        throw new CliError(
          `--region is given twice as the default (${out.region}, ${value})`,
          ExitCode.USAGE,
          'give one default region; for one account use --region ACCOUNT_ID=REGION',
        );
      out.region = value;
      continue;
    }
    const accountId = value.slice(0, eq);
    const region = value.slice(eq + 1);
    checkFlag('--region', accountId, (v) =>
      configValueProblems.accountId(v) ? 'before "=" comes an account id (12 digits)' : undefined,
    );
    checkFlag('--region', region, configValueProblems.region);
    const earlier = out.byAccount[accountId];
    if (earlier !== undefined && earlier !== region)
      throw new CliError(
        `--region gives account ${accountId} two regions (${earlier}, ${region})`,
        ExitCode.USAGE,
      );
    out.byAccount[accountId] = region;
  }
  return out;
}
