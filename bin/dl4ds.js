#!/usr/bin/env node
"use strict";
// Thin launcher: the CLI is compiled from src/cli into dist/cli.
const path = require("path");
const fs = require("fs");
const entry = path.join(__dirname, "..", "dist", "cli", "main.js");
if (!fs.existsSync(entry)) {
  process.stderr.write("dl4ds: the library is not built yet. Run `npm run setup` (or `npm start`) first.\n");
  process.exit(1);
}
require(entry)
  .main(process.argv.slice(2))
  .then((code) => process.exit(code), (err) => {
    process.stderr.write(`dl4ds: ${err && err.stack ? err.stack : err}\n`);
    process.exit(1);
  });
