import pkg from '../package.json' with { type: 'json' };

/** This package's name, for the user agent. */
export const PACKAGE_NAME: string = pkg.name;
/** This package's version, for the user agent (inlined at build time). */
export const PACKAGE_VERSION: string = pkg.version;
