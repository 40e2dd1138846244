import pkg from '../package.json' with { type: 'json' };

/** This package's name, for the default user agent. */
export const PACKAGE_NAME: string = pkg.name;
/** This package's version, for the default user agent (inlined at build time). */
export const PACKAGE_VERSION: string = pkg.version;
