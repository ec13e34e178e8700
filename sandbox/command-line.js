// The sandbox store as a command: `npx bc-checkout-helper sandbox` and `node sandbox/main.js` both run
// runSandboxCommand(). Every setting is a variable and a flag (the flag wins); unset credentials are generated.
// On start it prints what the merchant's own server stub needs (stub-settings.js), so their tests point it here.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { listenSandbox } from './index.js';
import { parseQuota } from './rate-quota.js';
import { SHOPPER } from './seed.js';
import { stubSettingsFor } from './stub-settings.js';

/** Every setting: its flag, its variable, what it means, the flag's value (the --help text is made from this list). */
const SETTINGS = [
  ['port', 'SANDBOX_PORT', 'the store\'s port (8081; 0 picks a free one)', 'port'],
  ['origin', 'SANDBOX_ORIGIN', 'the store\'s own address, as its pages and redirect URLs name it (http://localhost:<port>, https with --https)', 'url'],
  ['site-url', 'SITE_URL', 'the storefront origin that embeds checkout: the channel\'s site URL. The embedded checkout posts its events to it and only it may frame the checkout (http://127.0.0.1:8080)', 'url'],
  ['checkout-port', 'SANDBOX_CHECKOUT_PORT', 'a second listener for the channel\'s own checkout domain (unset: checkout on the store\'s address)', 'port'],
  ['checkout-origin', 'SANDBOX_CHECKOUT_ORIGIN', 'that checkout domain\'s address, on SITE_URL\'s main domain (http://<SITE_URL\'s host>:<checkout port>)', 'url'],
  ['payments-port', 'SANDBOX_PAYMENTS_PORT', 'the Payments API\'s own listener, BigCommerce\'s payments.bigcommerce.com (0, a free one: BC_PAYMENTS_URL names it)', 'port'],
  ['quota', 'SANDBOX_QUOTA', 'the store\'s REST quota: unlimited (the default), standard, plus, pro or <requests>/<windowMs> such as 150/30000; over it the API answers 429', 'plan'],
  ['data', 'SANDBOX_DATA', 'a JSON file that keeps the store\'s state across restarts (unset: in memory)', 'file'],
  ['https', 'SANDBOX_HTTPS', 'serve the store\'s pages over https with a loopback certificate (its REST API then on a plain-http port of its own)', null],
  ['tls-dir', 'SANDBOX_TLS_DIR', 'with https, a folder that keeps the certificate and its authority, so a browser told to trust it keeps trusting it', 'folder'],
  ['store-hash', 'BC_STORE_HASH', 'the store hash, lower-case letters and digits (generated when unset)', 'hash'],
  ['access-token', 'BC_ACCESS_TOKEN', 'the API token the store accepts (generated when unset)', 'token'],
  ['client-id', 'BC_CLIENT_ID', 'the API account\'s client id (generated when unset)', 'id'],
  ['client-secret', 'BC_CLIENT_SECRET', 'the API account\'s client secret, which signs Customer Login JWTs (generated when unset)', 'secret'],
  ['channel-id', 'BC_CHANNEL_ID', 'the headless channel (1)', 'id'],
];
const BOOLEAN_FLAGS = new Set(SETTINGS.filter(([, , , value]) => value === null).map(([flag]) => flag));

export const SANDBOX_USAGE = `Usage: bc-checkout-helper sandbox [flags]
  Runs the sandbox store, an offline stand-in for a BigCommerce store (REST API, hosted cart and checkout,
  embedded checkout, customer login), and prints the variables to give your own server stub.
Each setting is a flag or a variable (the flag wins):
${SETTINGS.map(([flag, name, meaning, value]) => `  --${flag}${value ? ` <${value}>, ${name}=<${value}>` : `, ${name}=true`}\n      ${meaning}`).join('\n')}
  --json
      print the stub's settings as one JSON line ({ env, storeOrigins }) instead of text
  --help, -h
      this text
Testing your storefront against it: docs/testing.md.`;

export class SandboxSettingError extends Error {
  name = 'SandboxSettingError';
}

/** The flag's value, else the variable's; empty counts as unset. */
function settingFrom(values, env, flag, name) {
  const value = values[flag] ?? env[name];
  return value === undefined || value === '' ? undefined : value;
}

function portSetting(value, label) {
  const port = Number(value);
  if (!/^[0-9]+$/.test(String(value)) || port > 65535) throw new SandboxSettingError(`${label} must be a port number (0 to 65535), got "${value}"`);
  return port;
}

/**
 * Reads the settings from flags and variables.
 * @param {Record<string, string | undefined>} env
 * @param {string[]} args
 * @returns {{ help: boolean, json: boolean, options: object, where: object, https: boolean, tlsDir?: string,
 *             generated: string[] }}
 */
export function readSandboxSettings(env, args = []) {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        ...Object.fromEntries(SETTINGS.map(([flag]) => [flag, { type: BOOLEAN_FLAGS.has(flag) ? 'boolean' : 'string' }])),
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new SandboxSettingError(error.message);
  }
  const label = (flag) => SETTINGS.find(([f]) => f === flag).slice(0, 2).reverse().join(' / --');
  const read = (flag) => settingFrom(values, env, flag, SETTINGS.find(([f]) => f === flag)[1]);
  if (values.help) return { help: true };

  const port = portSetting(read('port') ?? 8081, label('port'));
  const checkoutPortText = read('checkout-port');
  const checkoutPort = checkoutPortText === undefined ? undefined : portSetting(checkoutPortText, label('checkout-port'));
  const paymentsPort = portSetting(read('payments-port') ?? 0, label('payments-port'));
  const checkoutOrigin = read('checkout-origin');
  if (checkoutOrigin && checkoutPort === undefined) {
    throw new SandboxSettingError(`${label('checkout-origin')} needs ${label('checkout-port')}, the port that serves it`);
  }
  const channelText = read('channel-id') ?? '1';
  const channelId = Number(channelText);
  if (!/^[0-9]+$/.test(channelText) || channelId < 1) throw new SandboxSettingError(`${label('channel-id')} must be a positive integer, got "${channelText}"`);
  const quotaText = read('quota');
  try {
    parseQuota(quotaText);
  } catch {
    throw new SandboxSettingError(`${label('quota')} must be unlimited, standard, plus, pro or <requests>/<windowMs> such as 150/30000, got "${quotaText}"`);
  }
  const httpsText = values.https ? 'true' : read('https') ?? 'false';
  if (!/^(1|0|true|false|yes|no)$/i.test(httpsText)) throw new SandboxSettingError(`${label('https')} must be true or false, got "${httpsText}"`);

  const generated = [];
  const credential = (flag, make) => {
    const given = read(flag);
    if (given !== undefined) return given;
    const value = make();
    generated.push(`${SETTINGS.find(([f]) => f === flag)[1]}=${value}`);
    return value;
  };
  const hex = (bytes) => randomBytes(bytes).toString('hex');
  const storeHash = credential('store-hash', () => `sandbox${hex(3)}`); // the stub wants [a-z0-9]
  if (!/^[a-z0-9]{1,32}$/.test(storeHash)) {
    throw new SandboxSettingError(`${label('store-hash')} must be lower-case letters and digits (at most 32), as the stub reads it, got "${storeHash}"`);
  }
  return {
    help: false,
    json: Boolean(values.json),
    options: {
      storeHash,
      accessToken: credential('access-token', () => hex(16)),
      clientId: credential('client-id', () => hex(8)),
      clientSecret: credential('client-secret', () => hex(16)),
      channelId,
      siteUrl: read('site-url'), // undefined: createSandbox's default
      dataFile: read('data'),
      quota: quotaText,
    },
    where: { port, origin: read('origin'), checkoutPort, checkoutOrigin, paymentsPort },
    https: /^(1|true|yes)$/i.test(httpsText),
    tlsDir: read('tls-dir'),
    generated,
  };
}

/** The lines printed on start: where the store is, and the variables and origins for the merchant's own code. */
export function startBanner(served, settings) {
  const { env, storeOrigins } = stubSettingsFor(served);
  const { sandbox, origin } = served;
  const lines = [
    `sandbox store on ${origin}/ (REST API at ${served.apiUrl}/stores/${env.BC_STORE_HASH}/v3)`,
    `  channel ${env.BC_CHANNEL_ID}, site URL ${sandbox.options.siteUrl}${settings.options.dataFile ? `, state in ${settings.options.dataFile}` : ', state in memory'}`,
    `  REST quota: ${sandbox.options.quota ? `${sandbox.options.quota.requests} requests per ${sandbox.options.quota.windowMs} ms` : 'unlimited'}`,
  ];
  if (served.checkoutOrigin) lines.push(`  checkout domain ${served.checkoutOrigin}/`);
  if (served.paymentsUrl) lines.push(`  Payments API at ${served.paymentsUrl}/stores/${env.BC_STORE_HASH}/payments`);
  if (served.tls) {
    lines.push(served.tls.caFile
      ? `  https certificate authority: ${served.tls.caFile} (trust it in the browser, or Chromium's --ignore-certificate-errors-spki-list=${served.tls.spki})`
      : `  https with a fresh certificate (Chromium: --ignore-certificate-errors-spki-list=${served.tls.spki}; --tls-dir keeps one to trust)`);
  }
  lines.push('Give your server stub these variables (and its own SESSION_SECRET, and ALLOWED_ORIGINS=<your storefront\'s origin>):');
  for (const [name, value] of Object.entries(env)) lines.push(`  ${name}=${value}`);
  lines.push(`Your storefront: createCheckout({ storeOrigins: ${JSON.stringify(storeOrigins)} })`);
  if (settings.generated.length) {
    lines.push(`Generated, as they were unset: ${settings.generated.map((line) => line.split('=')[0]).join(', ')} (set them to keep them across restarts)`);
  }
  lines.push(`Sandbox shopper: ${SHOPPER.email} / ${SHOPPER.password}`);
  return lines;
}

/**
 * Starts the sandbox from flags and variables and prints how to use it. Resolves to the served sandbox (with its
 * close()), or to null when it printed the help text.
 * @param {Record<string, string | undefined>} env
 * @param {string[]} args
 * @param {{ print?: (line: string) => void }} [io]
 */
export async function startSandboxCommand(env, args, { print = (line) => console.log(line) } = {}) {
  const settings = readSandboxSettings(env, args);
  if (settings.help) {
    print(SANDBOX_USAGE);
    return null;
  }
  let tls;
  if (settings.https) {
    const { createLoopbackCertificate } = await import('./loopback-certificate.js');
    tls = createLoopbackCertificate({ dir: settings.tlsDir });
  }
  let served;
  try {
    served = await listenSandbox(settings.options, { ...settings.where, tls });
  } catch (error) {
    // createSandbox's TypeErrors name the option that is wrong; the state file's errors name the file.
    if (error instanceof TypeError || error.name === 'StateFileError' || error.code === 'EADDRINUSE') throw new SandboxSettingError(error.message);
    throw error;
  }
  if (tls) served.tls = { spki: tls.spki, caFile: tls.caFile };
  if (settings.json) print(JSON.stringify(stubSettingsFor(served)));
  else for (const line of startBanner(served, settings)) print(line);
  return served;
}

/** The command's whole life: start, print, stop on SIGINT or SIGTERM; a wrong setting exits 1 with its message. */
export async function runSandboxCommand(env, args) {
  let served;
  try {
    served = await startSandboxCommand(env, args);
  } catch (error) {
    if (!(error instanceof SandboxSettingError)) throw error;
    console.error(`bc-checkout-helper sandbox: ${error.message}`);
    process.exitCode = 1;
    return;
  }
  if (!served) return;
  const stop = async () => {
    await served.close();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, stop);
}
