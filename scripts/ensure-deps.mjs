#!/usr/bin/env node
// Runs before npm start / test / build / bench: installs what the command needs on a fresh Debian 12
// machine. npm packages with `npm ci`; Debian packages with apt-get when running as root, otherwise it
// prints the one command to run. Uses only Node's built-ins (node_modules may not exist yet).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const lifecycle = (process.env.npm_lifecycle_event || process.argv[2] || 'test').replace(/^pre/, '').split(':')[0];

const [major] = process.versions.node.split('.').map(Number);
if (major < 20) {
  console.error(`bc-checkout-helper needs Node 20 or newer (this is ${process.version}).`);
  process.exit(1);
}

// Debian packages, each with how to tell it is there.
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const packages = {
  emscripten: () => has('em++') && has('emcmake'),
  'nlohmann-json3-dev': () => existsSync('/usr/include/nlohmann/json.hpp'),
  cmake: () => has('cmake'),
  'g++': () => has('g++'),
  make: () => has('make'),
  catch2: () => existsSync('/usr/include/catch2/catch.hpp'),
  chromium: () => existsSync('/usr/bin/chromium'),
  'redis-server': () => has('redis-server'),
  openssl: () => has('openssl'), // the sandbox's loopback HTTPS certificate (sandbox/loopback-certificate.js)
};
const needed = {
  start: ['emscripten', 'nlohmann-json3-dev', 'cmake', 'make'],
  build: ['emscripten', 'nlohmann-json3-dev', 'cmake', 'make'],
  bench: ['emscripten', 'nlohmann-json3-dev', 'cmake', 'make', 'redis-server'],
  test: ['emscripten', 'nlohmann-json3-dev', 'cmake', 'make', 'g++', 'catch2', 'chromium', 'redis-server', 'openssl'],
}[lifecycle] ?? Object.keys(packages);

const missing = needed.filter((name) => !packages[name]());
if (missing.length) {
  const command = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid && process.getuid() === 0) {
    console.log(`Installing Debian packages: ${missing.join(', ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
    execFileSync('sh', ['-c', command], { stdio: 'inherit', env });
  } else {
    console.error(`Missing Debian packages: ${missing.join(', ')}. Run:\n\n  sudo ${command}\n`);
    process.exit(1);
  }
}

// npm packages: install when node_modules is missing or older than the lockfile.
const marker = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');
if (!existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs)) {
  console.log('Installing npm packages (npm ci)');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
}
