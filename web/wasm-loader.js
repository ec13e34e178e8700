// Loading an Emscripten module the same way for both of our modules (the cart's and site protection's):
// one cached promise per module, the caller's locateFile/wasmBinary/wasmModule/instantiateWasm or the entry
// point's defaults, a clear error when the .wasm cannot be had, and a version check against this script.
import { BCCheckoutError } from './errors.js';

/* global __BCCH_VERSION__ */
export const VERSION = typeof __BCCH_VERSION__ === 'string' ? __BCCH_VERSION__ : '0.0.0-dev';

const OPTION_KEYS = ['locateFile', 'wasmBinary', 'wasmModule', 'instantiateWasm'];
// The ways of handing over the module itself; each one alone makes locateFile unnecessary.
const MODULE_SOURCES = ['wasmBinary', 'wasmModule', 'instantiateWasm'];

/**
 * @param {(moduleOptions: object) => Promise<object>} factory  the Emscripten glue's default export
 * @param {string} file  the .wasm's name, for messages
 * @param {(raw: object) => object} wrap  turns the raw module into the public object
 * @param {string} marker  a function only this module registers: the package's other modules load with some of
 *   the same glue imports, so a module handed over in another's place must be told apart by what it exports
 * @returns {(defaults: () => object | Promise<object>, options?: object) => Promise<object>} a loader whose
 *   first call's options win; a failed load (offline, 404, a wrong option) may be retried
 */
export function cachedLoader(factory, file, wrap, marker) {
  let promise = null;
  return function load(defaults, options = {}) {
    promise ??= instantiate(factory, file, defaults, options ?? {}, marker).then(wrap).catch((error) => {
      promise = null;
      throw error;
    });
    return promise;
  };
}

async function instantiate(factory, file, defaults, options, marker) {
  const given = {};
  for (const key of OPTION_KEYS) {
    if (options[key] !== undefined) given[key] = options[key];
  }
  let raw;
  let source;
  try {
    source = Object.keys(given).length > 0 ? given : await defaults();
    const { moduleOptions, failed } = await glueOptions(source, file);
    // A module handed over is instantiated through an instantiateWasm hook (below), whose failures the glue
    // never sees: it would wait for the instance for ever. They arrive through `failed` instead.
    raw = await Promise.race([factory(moduleOptions), failed]);
  } catch (cause) {
    if (cause instanceof BCCheckoutError) throw cause;
    const error = new BCCheckoutError(
      'core_load_failed',
      `Could not load ${file} (${cause && cause.message ? cause.message : cause}). ` +
        'Serve it next to the script with Content-Type application/wasm, or pass locateFile.',
    );
    error.cause = cause;
    throw error;
  }
  if (typeof raw[marker] !== 'function') {
    const handedOver = MODULE_SOURCES.find((key) => source[key] !== undefined) ?? 'the module fetched';
    throw loadError(file, `${handedOver} is not ${file} from this build (it registers no ${marker}: another module of this package)`);
  }
  const moduleVersion = raw.version();
  if (moduleVersion !== VERSION) {
    throw new BCCheckoutError(
      'core_version_mismatch',
      `${file} is version ${moduleVersion} but the script is ${VERSION}: deploy both from the same build.`,
    );
  }
  return raw;
}

/**
 * Checks the caller's options and turns them into the glue's. Bytes and a compiled Module both end up in an
 * instantiateWasm hook of ours; a locateFile is always passed when the module is handed over, because the
 * glue otherwise computes its default address, new URL('<file>', import.meta.url), before it looks at
 * wasmBinary or instantiateWasm, and that throws "Invalid URL" where import.meta.url is not a URL
 * (Cloudflare Workers, Vercel's Edge Runtime, a bundle built with import.meta.url defined away).
 */
async function glueOptions(source, file) {
  let fail;
  const failed = new Promise((resolve, reject) => {
    fail = reject;
  });
  const sources = MODULE_SOURCES.filter((key) => source[key] !== undefined);
  if (sources.length > 1) {
    throw invalidOption(sources.join(', '), `give only one of ${sources.join(', ')}: each is a whole way of loading ${file}`);
  }
  if (source.locateFile !== undefined && typeof source.locateFile !== 'function') {
    throw invalidOption('locateFile', `locateFile must be a function (path) => URL string, got ${describe(source.locateFile)}`);
  }
  const moduleOptions = source.locateFile ? { locateFile: source.locateFile } : {};
  if (sources.length === 0) return { moduleOptions, failed };

  // The glue calls locateFile even then, only to name the file: the caller's is not needed, and not called.
  moduleOptions.locateFile = (path) => path;
  if (source.instantiateWasm !== undefined) {
    if (typeof source.instantiateWasm !== 'function') {
      throw invalidOption('instantiateWasm', `instantiateWasm must be a function (imports, receive) => {}, got ${describe(source.instantiateWasm)}`);
    }
    moduleOptions.instantiateWasm = callerHook(source.instantiateWasm, file, fail);
    return { moduleOptions, failed };
  }
  const module = source.wasmModule !== undefined ? checkModule(source.wasmModule) : await compileBytes(source.wasmBinary, file);
  const option = source.wasmModule !== undefined ? 'wasmModule' : 'wasmBinary';
  moduleOptions.instantiateWasm = (imports, receive) => {
    // receive() runs the module's start-up, which fails too when the exports are another module's.
    WebAssembly.instantiate(module, imports)
      .then((instance) => receive(instance, module))
      .catch((cause) => fail(loadError(file, `${option} is not ${file} from this build (${messageOf(cause)})`, cause)));
    return {};
  };
  return { moduleOptions, failed };
}

// Emscripten's contract: call receive(instance, module) later and return {} now. A hook that throws, or
// returns a promise that rejects, fails the load instead of leaving it pending.
function callerHook(hook, file, fail) {
  const failWith = (cause) => fail(loadError(file, `instantiateWasm failed (${messageOf(cause)})`, cause));
  return (imports, receive) => {
    // receive() runs the module's start-up, which throws when the instance is another module's; thrown inside
    // the caller's hook (often in a .then of theirs) it would leave the load pending for ever.
    const receiveOrFail = (instance, module) => {
      try {
        return receive(instance, module);
      } catch (cause) {
        fail(loadError(file, `instantiateWasm gave an instance that is not ${file} from this build (${messageOf(cause)})`, cause));
        return undefined;
      }
    };
    let result;
    try {
      result = hook(imports, receiveOrFail);
    } catch (cause) {
      failWith(cause);
      return {};
    }
    if (result && typeof result.then === 'function') {
      result.then(undefined, failWith);
      return {};
    }
    return result ?? {};
  };
}

function checkModule(value) {
  // By tag, not instanceof: a Module from another realm (a vm context, an iframe) is still a Module.
  if (Object.prototype.toString.call(value) !== '[object WebAssembly.Module]') {
    throw invalidOption('wasmModule', `wasmModule must be a compiled WebAssembly.Module (import it as one: see docs/bundlers.md), got ${describe(value)}`);
  }
  return value;
}

async function compileBytes(bytes, file) {
  const isBuffer = Object.prototype.toString.call(bytes) === '[object ArrayBuffer]';
  if (!isBuffer && !ArrayBuffer.isView(bytes)) {
    throw invalidOption('wasmBinary', `wasmBinary must be the bytes of ${file} (an ArrayBuffer or a Uint8Array), got ${describe(bytes)}`);
  }
  const view = isBuffer ? new Uint8Array(bytes) : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Every .wasm starts with "\0asm"; the usual wrong bytes are an HTML error page or a file path's text.
  if (view.length < 8 || view[0] !== 0x00 || view[1] !== 0x61 || view[2] !== 0x73 || view[3] !== 0x6d) {
    const start = Array.from(view.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw loadError(file, `wasmBinary is not a WebAssembly module: it starts with ${start || 'nothing'}, not 00 61 73 6d ("\\0asm")`);
  }
  try {
    return await WebAssembly.compile(view);
  } catch (cause) {
    // Cloudflare Workers refuse to compile bytes at run time ("Wasm code generation disallowed by embedder").
    throw loadError(file, `wasmBinary could not be compiled (${messageOf(cause)}); where the platform compiles the .wasm for you, pass wasmModule`, cause);
  }
}

function invalidOption(option, message) {
  return new BCCheckoutError('invalid_argument', message, { option });
}

function loadError(file, message, cause) {
  const error = new BCCheckoutError('core_load_failed', `Could not load ${file}: ${message}.`);
  if (cause !== undefined) error.cause = cause;
  return error;
}

function messageOf(cause) {
  return cause && cause.message ? cause.message : String(cause);
}

function describe(value) {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return Object.prototype.toString.call(value).slice(8, -1);
}
