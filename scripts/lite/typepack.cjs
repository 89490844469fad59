#!/usr/bin/env node
// Writes the browser kernel's type pack: every declaration file (and package.json) that tslab's converter — the
// same compiler and options the Node kernel uses — reads while compiling the lessons' import cells, with paths
// moved under a virtual root "/dl4ds", and the symbolic links it followed. The worker's compiler reads only
// these files (lite/worker/memory-sys.ts).
//
//   node scripts/lite/typepack.cjs OUT.json NOTEBOOK.ipynb...
"use strict";
const fs = require("fs");
const path = require("path");

const root = fs.realpathSync(path.resolve(__dirname, "..", ".."));
const VROOT = "/dl4ds";
const [outArg, ...notebookArgs] = process.argv.slice(2);
const out = outArg && path.resolve(outArg);
const notebooks = notebookArgs.map((n) => path.resolve(n));
if (!out || notebooks.length === 0) {
  process.stderr.write("usage: node scripts/lite/typepack.cjs OUT.json NOTEBOOK.ipynb...\n");
  process.exit(2);
}
for (const f of ["dist/kernel/tslab-patches.js", "dist/kernel/cell-output.js"]) {
  if (!fs.existsSync(path.join(root, f))) {
    process.stderr.write(`typepack: ${f} is missing; run \`npm run build\` first\n`);
    process.exit(1);
  }
}

const ts = require(require.resolve("@tslab/typescript-for-tslab", { paths: [require.resolve("tslab", { paths: [root] })] }));
require(path.join(root, "dist/kernel/tslab-patches.js")).limitAutomaticTypePackages();
const { CELL_GLOBAL_DECLARATIONS } = require(path.join(root, "dist/kernel/cell-output.js"));

const read = new Set();
const links = new Map();
const sys = ts.sys;
const wrap = (name, after) => {
  const original = sys[name].bind(sys);
  sys[name] = (...args) => {
    const result = original(...args);
    after(args[0], result);
    return result;
  };
};
wrap("readFile", (p, text) => text !== undefined && read.add(path.resolve(p)));
wrap("fileExists", (p, yes) => yes && read.add(path.resolve(p)));
wrap("realpath", (p, real) => {
  if (real === p) return;
  // The link is the deepest ancestor that is a symbolic link.
  for (let d = path.resolve(p); d !== path.dirname(d); d = path.dirname(d)) {
    try {
      if (fs.lstatSync(d).isSymbolicLink()) {
        links.set(d, fs.realpathSync(d));
        return;
      }
    } catch {
      return;
    }
  }
});

const notebooksDir = path.dirname(path.resolve(notebooks[0]));
process.chdir(notebooksDir);
const { createConverter } = require(require.resolve("tslab/dist/converter", { paths: [root] }));
const conv = createConverter({ isJS: false, isBrowser: false });
conv.addModule("__dl4ds_globals__", CELL_GLOBAL_DECLARATIONS);
for (const nb of notebooks) {
  const cells = JSON.parse(fs.readFileSync(nb, "utf8")).cells.filter((c) => c.cell_type === "code");
  const imports = [].concat(cells[0]?.source ?? []).join("");
  const r = conv.convert("", imports);
  if (r.diagnostics.length > 0) {
    process.stderr.write(`typepack: the import cell of ${nb} does not compile: ${r.diagnostics.map((d) => d.messageText).join("; ")}\n`);
    process.exit(1);
  }
}
conv.close();

const virtual = (p) => {
  if (p !== root && !p.startsWith(root + path.sep)) return undefined;
  return VROOT + p.slice(root.length).split(path.sep).join("/");
};
const files = {};
let outside = 0;
for (const p of [...read].sort()) {
  let real;
  try {
    real = fs.realpathSync(p);
    if (!fs.statSync(real).isFile()) continue;
  } catch {
    continue;
  }
  const v = virtual(real);
  if (!v) {
    outside++;
    continue;
  }
  files[v] = fs.readFileSync(real, "utf8");
}
const linkTable = {};
for (const [link, target] of links) {
  const vl = virtual(link);
  const vt = virtual(target);
  if (vl && vt) linkTable[vl] = vt;
}
const pack = {
  root: VROOT,
  cwd: virtual(notebooksDir),
  executingFile: virtual(fs.realpathSync(ts.sys.getExecutingFilePath())),
  files,
  links: linkTable,
};
const tmp = `${out}.${process.pid}.tmp`;
fs.writeFileSync(tmp, JSON.stringify(pack));
fs.renameSync(tmp, out);
const bytes = fs.statSync(out).size;
process.stdout.write(`typepack: ${Object.keys(files).length} files, ${Object.keys(linkTable).length} links, ${(bytes / 1e6).toFixed(1)} MB${outside ? `, ${outside} outside the project skipped` : ""}\n`);
