// `npm start`: runs the desktop app. Electron's own install script (which downloads its binary
// from GitHub) is denied in package.json's allowScripts so that `npm ci` works on machines
// without internet access; here, the binary is fetched on first start instead, when missing.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));

if (!existsSync(join(electronDir, 'path.txt'))) {
  console.log('Downloading the Electron binary (first start only)…');
  const install = spawnSync(process.execPath, [join(electronDir, 'install.js')], { stdio: 'inherit', cwd: electronDir });
  if (install.status !== 0 || !existsSync(join(electronDir, 'path.txt'))) {
    console.error(
      '\nThe Electron binary could not be downloaded (is this machine offline?).\n' +
        'The same app runs in your browser without it: npm run web',
    );
    process.exit(1);
  }
}

const electronPath = require('electron');
const child = spawn(electronPath, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
