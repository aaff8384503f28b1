// Validate an AsyncAPI document with the official parser (@asyncapi/parser, a devDependency of the console).
// Usage: node scripts/asyncapi-validate.mjs docs/asyncapi.yaml
// Prints every diagnostic; exits 1 when any is an error (severity 0), 2 when it cannot run.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(new URL("../frontend/package.json", import.meta.url));
const { Parser } = require("@asyncapi/parser");

const path = process.argv[2];
if (!path) {
  console.error("usage: node scripts/asyncapi-validate.mjs <document>");
  process.exit(2);
}
const { document, diagnostics } = await new Parser().parse(readFileSync(path, "utf8"), { source: path });
const severity = ["error", "warning", "info", "hint"];
for (const diagnostic of diagnostics) {
  const where = (diagnostic.path || []).join(".");
  console.log(`${severity[diagnostic.severity] ?? diagnostic.severity} ${diagnostic.code}: ${diagnostic.message} at ${where}`);
}
const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 0);
if (errors.length || !document) {
  console.log(`INVALID: ${errors.length} error(s)`);
  process.exit(1);
}
console.log(`VALID: AsyncAPI ${document.version()}, ${document.channels().length} channels, ${document.operations().length} operations`);
