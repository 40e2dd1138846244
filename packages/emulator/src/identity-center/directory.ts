import { EmulatorError, EmulatorErrorCode } from '../errors.js';
import type { Directory } from '../fixture.js';

type User = Directory['users'][number];
type Account = Directory['accounts'][number];

/** The directory (users, accounts, assignments), indexed for look-ups. */
export class DirectoryIndex {
  readonly #usersByName: Map<string, User>;
  readonly #accounts: Map<string, Account>;

  constructor(readonly directory: Directory) {
    this.#usersByName = new Map(directory.users.map((u) => [u.userName, u]));
    this.#accounts = new Map(directory.accounts.map((a) => [a.accountId, a]));
  }

  /** The user approvals go to when nobody names one. */
  get defaultUser(): string {
    return this.directory.users[0]!.userName;
  }

  users(): Directory['users'] {
    return this.directory.users;
  }

  hasUser(user: string): boolean {
    return this.#usersByName.has(user);
  }

  user(userName: string): User | undefined {
    return this.#usersByName.get(userName);
  }

  account(accountId: string): Account | undefined {
    return this.#accounts.get(accountId);
  }

  /** Throws `UNKNOWN_USER` unless `user` is in the directory. */
  requireUser(user: string): void {
    if (!this.#usersByName.has(user))
      throw new EmulatorError(
        EmulatorErrorCode.UNKNOWN_USER,
        `User ${user} is not in the directory; known users: ${[...this.#usersByName.keys()].join(', ')}`,
      );
  }
}
