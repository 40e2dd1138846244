// What `ssokit credentials` (dist/credentials.cjs) gets for `import … from 'node:fs/promises'`
// (scripts/build-fast-path.mjs). The reads of a run answered from the cache (the config file, a
// cache file or two) are done with node:fs's synchronous calls: loading node:fs/promises costs
// ~1.5 ms of a ~30 ms process, and a command has nothing else to do while it waits for a read.
// The same results and errors (`code` included), as promises; every write, and anything else, is
// node:fs/promises' own, loaded on first use.
import {
  closeSync,
  type Dirent,
  fstatSync,
  openSync,
  type PathLike,
  readdirSync,
  readFileSync,
  type Stats,
  statSync,
} from 'node:fs';
import type * as NodeFsPromises from 'node:fs/promises';

let real: typeof NodeFsPromises | undefined;
const fsPromises = (): typeof NodeFsPromises => {
  real ??= require('node:fs/promises') as typeof NodeFsPromises;
  return real;
};

const settle = <T>(fn: () => T): Promise<T> => {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error);
  }
};

type Encoding = BufferEncoding | { encoding?: BufferEncoding | null } | null | undefined;
const encodingOf = (options: Encoding) =>
  typeof options === 'string' ? options : (options?.encoding ?? undefined);

export function readFile(path: PathLike, options?: Encoding): Promise<string | Buffer> {
  return settle(() => readFileSync(path, encodingOf(options) === undefined ? null : encodingOf(options)));
}

export function stat(path: PathLike): Promise<Stats> {
  return settle(() => statSync(path));
}

export function readdir(path: PathLike, options?: { withFileTypes?: boolean }): Promise<string[] | Dirent[]> {
  return settle(() =>
    options?.withFileTypes ? readdirSync(path, { withFileTypes: true }) : readdirSync(path, 'utf8'),
  );
}

/** A file handle with the three calls a cache read makes: `stat()`, `readFile()`, `close()`. */
export function open(path: PathLike, flags?: number | string): Promise<NodeFsPromises.FileHandle> {
  return settle(() => {
    const fd = openSync(path, flags ?? 'r');
    let closed = false;
    const handle = {
      fd,
      stat: () => settle(() => fstatSync(fd)),
      readFile: (options?: Encoding) =>
        settle(() => readFileSync(fd, encodingOf(options) === undefined ? null : encodingOf(options))),
      close: () =>
        settle(() => {
          if (!closed) closeSync(fd);
          closed = true;
        }),
    };
    return handle as unknown as NodeFsPromises.FileHandle;
  });
}

export const chmod: typeof NodeFsPromises.chmod = (...args) => fsPromises().chmod(...args);
export const mkdir = ((...args: Parameters<typeof NodeFsPromises.mkdir>) =>
  fsPromises().mkdir(...args)) as typeof NodeFsPromises.mkdir;
export const mkdtemp = ((...args: Parameters<typeof NodeFsPromises.mkdtemp>) =>
  (fsPromises().mkdtemp as (...a: unknown[]) => unknown)(...args)) as typeof NodeFsPromises.mkdtemp;
export const rename: typeof NodeFsPromises.rename = (...args) => fsPromises().rename(...args);
export const rm: typeof NodeFsPromises.rm = (...args) => fsPromises().rm(...args);
export const symlink: typeof NodeFsPromises.symlink = (...args) => fsPromises().symlink(...args);
export const unlink: typeof NodeFsPromises.unlink = (...args) => fsPromises().unlink(...args);
export const utimes: typeof NodeFsPromises.utimes = (...args) => fsPromises().utimes(...args);
export const writeFile: typeof NodeFsPromises.writeFile = (...args) => fsPromises().writeFile(...args);
