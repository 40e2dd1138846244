// The ssokit entry point. It imports nothing until it knows the command: `ssokit credentials` is
// what credential_process runs on every AWS call, so it loads its own small bundle (dist/credentials.js,
// see scripts/build-credentials.mjs: no command parser, prompts, QR, browser or emulator modules);
// every other command goes through the full command-line parser.
const argv = process.argv.slice(2);
if (argv[0] === 'credentials' && !argv.includes('--help') && !argv.includes('-h')) {
  void import('./credentials-entry.js').then((m) => m.main(argv.slice(1)));
} else {
  void import('./cli-entry.js').then((m) => m.main(argv));
}
