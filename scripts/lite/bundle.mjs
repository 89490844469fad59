// esbuild bundles of the browser kernel: the worker (tslab's converter + TypeScript, the library, TensorFlow.js)
// and the extension's remoteEntry script. Node built-ins are mapped to the small browser versions in lite/shims;
// src/backend/tf.ts and src/backend/gpu.ts are swapped for their browser versions.
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** Node modules → browser replacements (anything not listed and not installed resolves to lite/shims/unavailable.ts). */
function shimTable(root) {
  const shims = path.join(root, "lite", "shims");
  return {
    path: require.resolve("path-browserify", { paths: [root] }),
    util: path.join(shims, "util.ts"),
    crypto: path.join(shims, "crypto.ts"),
    zlib: path.join(shims, "zlib.ts"),
    stream: path.join(shims, "stream.ts"),
    buffer: require.resolve("buffer/", { paths: [root] }),
  };
}

const NODE_BUILTINS = new Set([
  "fs", "fs/promises", "path", "util", "crypto", "os", "child_process", "zlib", "stream", "buffer", "events", "vm", "module", "url",
  "worker_threads", "perf_hooks", "inspector", "http", "https", "net", "tls", "assert", "assert/strict", "readline", "string_decoder",
  "source-map-support", "node-fetch", "timers", "tty", "v8", "async_hooks", "constants", "process",
]);

/** Packages the browser kernel never calls (native add-ons, Node-only renderers): importing works, calling throws. */
const NODE_ONLY_PACKAGES = /^(@resvg\/resvg-js|vega|vega-lite|@tensorflow\/tfjs-node|@tensorflow\/tfjs-node-gpu|zeromq|plotly\.js-dist-min)(\/.*)?$/;

function browserPlugin(root) {
  const table = shimTable(root);
  const unavailable = path.join(root, "lite", "shims", "unavailable.ts");
  const backend = path.join(root, "src", "backend");
  return {
    name: "dl4ds-browser",
    setup(build) {
      build.onResolve({ filter: /^\.\/(tf|gpu)$/ }, (args) => {
        if (path.resolve(args.resolveDir) !== backend) return undefined;
        const file = args.path === "./tf" ? path.join(root, "lite", "worker", "tf.ts") : path.join(root, "lite", "shims", "gpu.ts");
        return { path: file };
      });
      build.onResolve({ filter: NODE_ONLY_PACKAGES }, () => ({ path: unavailable }));
      build.onResolve({ filter: /^(node:)?[a-z_/-]+$/ }, (args) => {
        const name = args.path.replace(/^node:/, "");
        if (!NODE_BUILTINS.has(name)) return undefined;
        return { path: table[name] ?? unavailable };
      });
    },
  };
}

/** Options shared by both bundles. */
function common(root) {
  return {
    bundle: true,
    platform: "browser",
    format: "iife",
    target: "es2022",
    minify: process.env.DL4DS_LITE_MINIFY !== "0",
    legalComments: "none",
    logLevel: "error",
    define: { __PACKAGE_VERSION__: JSON.stringify(require(path.join(root, "package.json")).version), __dirname: '"/dl4ds/node_modules/tslab/dist"', __filename: '"/dl4ds/node_modules/tslab/dist/index.js"', global: "globalThis" },
    inject: [path.join(root, "lite", "shims", "process.ts"), path.join(root, "lite", "shims", "buffer-global.ts")],
    plugins: [browserPlugin(root)],
    // TypeScript's compiler has optional requires (source-map-support, etw) it never reaches in a browser.
    logOverride: { "require-resolve-not-external": "silent", "unsupported-require-call": "silent", "commonjs-variable-in-esm": "silent" },
  };
}

/** Builds worker.js and remoteEntry.js into `outDir`. Returns their sizes in bytes. */
export async function bundleKernel(root, outDir) {
  const esbuild = require(require.resolve("esbuild", { paths: [root] }));
  await esbuild.build({ ...common(root), entryPoints: [path.join(root, "lite", "worker", "index.ts")], outfile: path.join(outDir, "worker.js") });
  await esbuild.build({ ...common(root), entryPoints: [path.join(root, "lite", "extension", "container.ts")], outfile: path.join(outDir, "remoteEntry.js") });
}
