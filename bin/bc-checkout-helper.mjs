#!/usr/bin/env node
// bc-checkout-helper's command line:
//   bc-checkout-helper sandbox [flags]                         the sandbox store, for tests (--help lists its settings)
//   bc-checkout-helper protect --config protect.json            print the snippet and the two API payloads
//   bc-checkout-helper protect --config protect.json --install  install them with the server stub's BC_* env
//   bc-checkout-helper protect --config protect.json --check URL [--page-type T] [--id N] [--entity-url U]
//   bc-checkout-helper protect theme <folder> --mode hide-links|wrap|replace --config protect.json [--allow-group ID]... [--patch]
//   bc-checkout-helper protect theme <folder> --revert [--patch]
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

const USAGE = `Usage:
  bc-checkout-helper sandbox [flags]
      Runs the sandbox store, an offline BigCommerce stand-in, and prints the variables for your server stub.
      bc-checkout-helper sandbox --help lists its variables and flags; docs/testing.md shows it in tests.
  bc-checkout-helper protect --config protect.json [--json]
      Prints the Script Manager snippet, the Sites & Routes payload and the Scripts API payload.
  bc-checkout-helper protect --config protect.json --install
      Installs the routes and the script with the server stub's credentials (BC_STORE_HASH, BC_ACCESS_TOKEN,
      BC_CLIENT_ID, BC_CLIENT_SECRET, BC_CHANNEL_ID, BC_API_URL, BC_STORE_URL, SESSION_SECRET).
  bc-checkout-helper protect --config protect.json --check URL [--page-type T] [--id N] [--entity-url U]
      Says where a shopper on that hosted page would be sent, and why.
  bc-checkout-helper protect theme <theme-folder> --mode hide-links|wrap|replace --config protect.json
                     [--allow-group ID]... [--patch]
      Changes a Stencil theme folder in place (or prints a patch with --patch) so it keeps shoppers on the
      headless site where scripts cannot be relied on: hide-links points the cart, checkout and order
      confirmation back links at the headless home page; wrap renders the hosted pages only for the
      --allow-group customer groups (required) and redirects everyone else; replace redirects everyone.
      Checkout, order confirmation, sign-in and account pages keep working. Running it again changes nothing.
  bc-checkout-helper protect theme <theme-folder> --revert [--patch]
      Takes the change out again, byte for byte.
The config format is in docs/site-protection.md.`;

class UsageError extends Error {
  constructor(message, { showUsage = false } = {}) {
    super(message);
    this.showUsage = showUsage;
  }
}

async function main(argv) {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') return console.log(USAGE);
  if (command === 'sandbox') {
    const { runSandboxCommand } = await import('../sandbox/command-line.js');
    return runSandboxCommand(process.env, rest);
  }
  if (command !== 'protect') throw new UsageError(`unknown command "${command}"`, { showUsage: true });
  if (rest[0] === 'theme') return protectTheme(rest.slice(1));
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        config: { type: 'string', short: 'c' },
        install: { type: 'boolean' },
        check: { type: 'string' },
        'page-type': { type: 'string' },
        id: { type: 'string' },
        'entity-url': { type: 'string' },
        cookies: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(error.message, { showUsage: true });
  }
  if (values.help) return console.log(USAGE);
  if (!values.config) throw new UsageError('--config is required (a protect.json file)', { showUsage: true });
  let configText;
  try {
    configText = await readFile(values.config, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${values.config}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  }

  const { loadProtection } = await import('../dist/protect-node.js');
  const protection = await loadProtection();
  const named = (error) => (error.code === 'invalid_protection_config' ? new UsageError(`${values.config}: ${error.message}`) : error);

  if (values.check !== undefined) {
    let decision;
    try {
      decision = protection.decide({ url: values.check, pageType: values['page-type'], id: values.id, entityUrl: values['entity-url'], cookies: values.cookies }, configText);
    } catch (error) {
      throw named(error);
    }
    if (values.json) return console.log(JSON.stringify(decision, null, 2));
    console.log(decision.target ? `redirect to ${decision.target}` : 'stay on the hosted page');
    return console.log(`  reason: ${decision.reason} (${decision.message}); page taken for: ${decision.pageType}`);
  }

  let artifacts;
  try {
    artifacts = protection.artifacts(configText);
  } catch (error) {
    throw named(error);
  }
  if (values.install) return install(artifacts, JSON.parse(configText));
  if (values.json) return console.log(JSON.stringify(artifacts, null, 2));
  const { gzipSync } = await import('node:zlib');
  console.log(`# Script Manager snippet (${artifacts.snippet.length} bytes, ${gzipSync(artifacts.snippet).length} gzip): location head, all storefront pages`);
  console.log(artifacts.snippet);
  console.log('\n# PUT /v3/sites/{site_id}/routes (the headless channel\'s site)');
  console.log(JSON.stringify(artifacts.routes, null, 2));
  console.log('\n# POST /v3/content/scripts');
  console.log(JSON.stringify(artifacts.script, null, 2));
}

async function readConfig(file) {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  }
}

async function protectTheme(args) {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        mode: { type: 'string' },
        config: { type: 'string', short: 'c' },
        'allow-group': { type: 'string', multiple: true },
        patch: { type: 'boolean' },
        revert: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(error.message, { showUsage: true });
  }
  if (values.help) return console.log(USAGE);
  const { MODES, ThemeError, readTheme, planTheme, applyChanges, patchOf } = await import('./stencil-theme.mjs');
  if (positionals.length !== 1) throw new UsageError('protect theme takes one theme folder', { showUsage: true });
  const [folder] = positionals;
  const allowGroups = values['allow-group'] ?? [];
  if (values.revert && values.mode) throw new UsageError('--revert takes out whatever mode was applied: give it without --mode');
  if (!values.revert) {
    if (!MODES.includes(values.mode)) throw new UsageError(`--mode must be ${MODES.join(', ')}`, { showUsage: true });
    if (!values.config) throw new UsageError('--config is required (the protect.json the Script Manager script uses)', { showUsage: true });
    if (values.mode === 'wrap' && !allowGroups.length) throw new UsageError('--mode wrap needs at least one --allow-group (the customer group ids that still see the hosted storefront)');
    if (values.mode !== 'wrap' && allowGroups.length) throw new UsageError(`--allow-group is for --mode wrap only (--mode ${values.mode} lets no group through)`);
    for (const group of allowGroups) if (!/^\d{1,10}$/.test(group)) throw new UsageError(`--allow-group ${group}: a customer group id is a number (Customers > Customer Groups, or GET /v2/customer_groups)`);
  }
  const plan = { mode: values.mode, revert: values.revert, allowGroups };
  if (!values.revert) {
    const configText = await readConfig(values.config);
    const { loadProtection } = await import('../dist/protect-node.js');
    const protection = await loadProtection();
    let artifacts;
    try {
      artifacts = protection.artifacts(configText);
    } catch (error) {
      throw error.code === 'invalid_protection_config' ? new UsageError(`${values.config}: ${error.message}`) : error;
    }
    plan.config = JSON.parse(configText);
    plan.snippet = artifacts.snippet;
    // Where the store's home page goes is the core's decision, as for every other page.
    const home = protection.decide({ url: `${plan.config.storeOrigins[0].replace(/\/$/, '')}/`, pageType: 'default' }, configText);
    plan.homeTarget = home.target ?? `${plan.config.headlessOrigin.replace(/\/$/, '')}/`;
  }
  let changes;
  try {
    ({ changes } = planTheme(readTheme(folder), plan));
  } catch (error) {
    if (error instanceof ThemeError || /^(routes\[\d+\]\.route|headlessOrigin):/.test(error.message)) throw new UsageError(error instanceof ThemeError ? error.message : `${values.config}: ${error.message}`);
    throw error;
  }
  if (values.patch) return process.stdout.write(patchOf(changes));
  applyChanges(folder, changes);
  const what = values.revert ? 'reverted' : `protected with --mode ${values.mode}`;
  if (!changes.length) return console.log(`${folder}: nothing to change (${values.revert ? 'no protection of ours in it' : `already ${what}`})`);
  console.log(`${folder}: ${what}`);
  for (const c of changes) console.log(`  ${c.before === null ? 'added' : c.after === null ? 'removed' : 'changed'} ${c.file}`);
}

async function install(artifacts, config) {
  const { loadConfig, ConfigError } = await import('../server/config.js');
  const { createUpstream, UpstreamError } = await import('../server/bigcommerce-client.js');
  const { installProtection } = await import('../server/protection-install.js');
  let serverConfig;
  try {
    serverConfig = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`--install uses the server stub's environment: ${error.message}`);
    throw error;
  }
  try {
    const result = await installProtection({
      artifacts,
      headlessOrigin: config.headlessOrigin,
      channelId: serverConfig.channelId,
      upstream: createUpstream(serverConfig),
    });
    console.log(`routes: ${result.routes.created} created, ${result.routes.updated} updated on site ${result.siteId} (${result.siteUrl})`);
    console.log(`script: ${result.script.action} (${result.script.uuid}) on channel ${artifacts.script.channel_id}; BigCommerce caches scripts for about 20 seconds`);
    for (const warning of result.warnings) console.log(`warning: ${warning}`);
  } catch (error) {
    if (error instanceof UpstreamError) {
      const detail = error.body?.title ?? (error.status === 0 ? 'the store did not answer' : '');
      throw new UsageError(`BigCommerce answered ${error.status}${detail ? `: ${detail}` : ''}${error.status === 403 ? ' (does the API account have the Sites & Routes and Content modify scopes?)' : ''}`);
    }
    throw error;
  }
}

main(process.argv.slice(2)).catch((error) => {
  if (error instanceof UsageError) {
    console.error(`bc-checkout-helper: ${error.message}`);
    if (error.showUsage) console.error(`\n${USAGE}`);
  } else {
    console.error(error);
  }
  process.exitCode = 1;
});
