// A program in a real pseudo-terminal for the CLI's terminal tests: tmux runs it in a detached
// session of a fixed size (its own server socket: nothing of the user's tmux is touched); the test
// types with send-keys and reads the screen with capture-pane, as a person would.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const tmux = process.env.TMUX_PATH ?? 'tmux';

/** Whether terminal tests run: always in CI (where a missing tmux must fail), else when tmux is found. */
export function tmuxAvailable(what: string): boolean {
  const run = Boolean(process.env['CI']) || spawnSync(tmux, ['-V']).status === 0;
  if (!run) console.warn(`skipping the ${what} terminal test: no tmux (${tmux}) found (set TMUX_PATH)`);
  return run;
}

const COLUMNS = 120;
const ROWS = 50;

/** A CLI running in its own tmux server (its own socket: nothing of the user's tmux is touched). */
export class Terminal {
  private readonly socket: string;
  constructor(
    private readonly dir: string,
    command: string,
  ) {
    this.socket = join(dir, 'tmux.sock');
    // the pane stays after the CLI exits, so its last screen can still be read
    const conf = join(dir, 'tmux.conf');
    writeFileSync(conf, 'set -g remain-on-exit on\nset -g status off\n');
    this.tmux(['-f', conf, 'new-session', '-d', '-x', String(COLUMNS), '-y', String(ROWS), command]);
  }

  private tmux(args: string[]): string {
    return execFileSync(tmux, ['-u', '-S', this.socket, ...args], {
      encoding: 'utf8',
      env: { ...process.env, LANG: 'C.UTF-8', TMUX: undefined },
    });
  }

  screen(): string {
    return this.tmux(['capture-pane', '-p', '-J']);
  }

  /** Types text literally (no key names), then optionally presses Enter. */
  type(text: string, enter = false): void {
    if (text) this.tmux(['send-keys', '-l', text]);
    if (enter) this.press('Enter');
  }

  press(key: string): void {
    this.tmux(['send-keys', key]);
  }

  /** Polls the screen until `predicate` holds; fails with the last screen after `timeoutMs`. */
  async waitFor(predicate: string | ((screen: string) => boolean), timeoutMs = 15_000): Promise<string> {
    const test = typeof predicate === 'string' ? (s: string) => s.includes(predicate) : predicate;
    const deadline = Date.now() + timeoutMs;
    let last = '';
    for (;;) {
      last = this.screen();
      if (test(last)) return last;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${String(predicate)}; the screen shows:\n${last}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The exit code the wrapper script recorded once the CLI ended. */
  async exitCode(timeoutMs = 15_000): Promise<number> {
    const file = join(this.dir, 'exit-code');
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(file)) {
      if (Date.now() > deadline) throw new Error(`the CLI did not exit; the screen shows:\n${this.screen()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return Number(readFileSync(file, 'utf8').trim());
  }

  close(): void {
    spawnSync(tmux, ['-S', this.socket, 'kill-server'], { stdio: 'ignore' });
  }
}
