import { describe, expect, it } from 'vitest';
import { CliError } from '../errors.js';
import { parseRegionFlags } from './config-values.js';

describe('parseRegionFlags (populate --region)', () => {
  it('reads one default region and per-account regions, in any order', () => {
    expect(parseRegionFlags(undefined)).toEqual({ byAccount: {} });
    expect(parseRegionFlags(['111122223333=us-east-1', 'eu-west-1', '444455556666=ap-south-1'])).toEqual({
      region: 'eu-west-1',
      byAccount: { '111122223333': 'us-east-1', '444455556666': 'ap-south-1' },
    });
    // the same value twice is not a conflict
    expect(parseRegionFlags(['eu-west-1', 'eu-west-1']).region).toBe('eu-west-1');
  });

  it.each([
    [['eu-west-1', 'us-east-1'], /given twice as the default/],
    [['111122223333=eu-west-1', '111122223333=us-east-1'], /account 111122223333 two regions/],
    [['12345=eu-west-1'], /account id \(12 digits\)/],
    [['111122223333=not a region'], /--region "not a region"/],
    [['eu west 1'], /--region "eu west 1"/],
  ])('is a usage error for %j', (values, message) => {
    const error = (() => {
      try {
        parseRegionFlags(values);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect((error as CliError).message).toMatch(message);
  });
});
