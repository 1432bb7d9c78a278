// The fake extension host of the activation row (test/bench/activation.ts),
// run as its own Node process per sample so each load is cold, as in a real
// host. It stands in for the `vscode` module: the classes extensions extend
// or construct are small real classes, settings give their defaults, there is
// no workspace folder and no editor (so nothing is read from disk), and every
// other API is a do-nothing function that returns another such function.
// What it measures: loading the bundle (argv[2]) and running activate() to
// the end, that is every registration. It prints two numbers: the ms to load
// the module, and the ms to load and activate.
'use strict';
const Module = require('node:module');

function anything(name) {
  const cache = new Map();
  const target = function () {};
  return new Proxy(target, {
    get(t, key) {
      if (key === 'then') return undefined; // not a promise
      if (key === Symbol.iterator) return function* () {};
      if (key === Symbol.toPrimitive) return () => '';
      if (key === 'prototype') return t.prototype;
      if (!cache.has(key)) cache.set(key, anything(`${name}.${String(key)}`));
      return cache.get(key);
    },
    set(_t, key, value) {
      cache.set(key, value); // status bar texts, tree view titles, …: kept, read back as set
      return true;
    },
    apply: () => anything(`${name}()`),
    construct: () => anything(`new ${name}`),
  });
}

class EventEmitter {
  constructor() {
    this.listeners = new Set();
    this.event = (listener) => {
      this.listeners.add(listener);
      return { dispose: () => this.listeners.delete(listener) };
    };
  }
  fire(e) {
    for (const l of this.listeners) l(e);
  }
  dispose() {
    this.listeners.clear();
  }
}
class Disposable {
  constructor(fn) {
    this.fn = fn;
  }
  static from(...items) {
    return new Disposable(() => items.forEach((d) => d.dispose()));
  }
  dispose() {
    this.fn?.();
  }
}
/** Any other class: keeps what it was given; its static members (Uri.joinPath, …) are do-nothing functions. */
const bag = (name) => {
  const cls = {
    [name]: class {
      constructor(...args) {
        this.args = args;
      }
    },
  }[name];
  return new Proxy(cls, { get: (c, k) => (k in c ? c[k] : (c[k] = anything(`vscode.${name}.${String(k)}`))) });
};

const settings = { get: (_key, fallback) => fallback, has: () => false, inspect: () => undefined, update: async () => undefined };
const known = {
  EventEmitter,
  Disposable,
  workspace: { workspaceFolders: undefined, textDocuments: [], isTrusted: true, getConfiguration: () => settings, getWorkspaceFolder: () => undefined },
  window: { activeTextEditor: undefined, visibleTextEditors: [], tabGroups: { all: [] } },
  env: { language: 'en', appName: 'fake host' },
  version: '1.139.0',
};
// The module's top-level names, from the API's own typings: bundlers copy a
// module's own properties (esbuild's __toESM), so each must be really there.
const typings = require('node:fs').readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
const names = new Set([...typings.matchAll(/^\texport (?:class|enum|namespace|const|let|function) ([A-Za-z_]+)/gm)].map((m) => m[1]));
const vscode = {};
for (const key of names) {
  let value;
  Object.defineProperty(vscode, key, {
    enumerable: true,
    get() {
      if (value === undefined) {
        const base = known[key];
        if (base && typeof base === 'object') value = new Proxy(base, { get: (o, k) => (k in o ? o[k] : (o[k] = anything(`vscode.${key}.${String(k)}`))) });
        else value = base ?? (/^[A-Z]/.test(key) && !/^[A-Z][A-Za-z]*(Kind|State|Severity|Alignment|Location|Mode|Target|Style|Behavior|Reason)$/.test(key) ? bag(key) : anything(`vscode.${key}`));
      }
      return value;
    },
  });
}

const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? vscode : load.call(this, request, ...rest);
};
process.on('unhandledRejection', () => undefined); // work the fake cannot do (reading a folder it does not have) is not activation

const t0 = performance.now();
const extension = require(process.argv[2]);
const loaded = performance.now() - t0;
const context = { subscriptions: [], extensionPath: __dirname, extensionUri: anything('extensionUri'), globalState: settings, workspaceState: settings, asAbsolutePath: (p) => p, storageUri: undefined, globalStorageUri: anything('globalStorageUri') };
Promise.resolve(extension.activate(context)).then(
  () => {
    const total = performance.now() - t0;
    if (context.subscriptions.length < 10) throw new Error(`activate registered only ${context.subscriptions.length} things`);
    process.stdout.write(`${loaded} ${total} ${context.subscriptions.length}\n`);
    process.exit(0);
  },
  (e) => {
    process.stderr.write(`activation failed in the fake host: ${e && e.stack}\n`);
    process.exit(1);
  },
);
