// `pnpm demo` and `pnpm cli <command>`: build the abstractcore CLI and what it depends on (turbo's cache
// makes this a second or two when nothing changed), then run it directly, with the terminal's stdin,
// stdout and signals, not through turbo.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const build = spawnSync(
  'turbo',
  ['run', 'build', '--filter=@core/cli...', '--output-logs=errors-only', '--log-prefix=none'],
  {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1' },
  },
);
if (build.status !== 0) {
  console.error('abstractcore: the build failed (run `pnpm build` to see why)');
  process.exit(build.status ?? 1);
}
const child = spawn(
  process.execPath,
  [fileURLToPath(new URL('../apps/cli/dist/cli.js', import.meta.url)), ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
// Ctrl-C reaches the child from the terminal itself (same process group): forwarding it would deliver it
// twice. A SIGTERM sent to this process alone is passed on.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal === null ? 1 : 128);
});
