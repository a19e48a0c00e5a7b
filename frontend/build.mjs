// Build the front-end into static/dist (collected by Django's staticfiles).
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const nhsuk = join(here, "node_modules", "nhsuk-frontend", "dist", "nhsuk");
const out = join(here, "static", "dist");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "css"), { recursive: true });
mkdirSync(join(out, "js", "nhsuk"), { recursive: true });

const css = sass.compile(join(here, "src", "main.scss"), {
  loadPaths: [join(here, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "css", "main.css"), css.css);

cpSync(join(nhsuk, "nhsuk-frontend.min.js"), join(out, "js", "nhsuk", "nhsuk-frontend.min.js"));
cpSync(join(here, "src", "app.mjs"), join(out, "js", "app.mjs"));
cpSync(join(here, "src", "votes.mjs"), join(out, "js", "votes.mjs"));
cpSync(join(here, "src", "similar.mjs"), join(out, "js", "similar.mjs"));
cpSync(join(here, "src", "live.mjs"), join(out, "js", "live.mjs"));
cpSync(join(nhsuk, "assets"), join(out, "nhsuk", "assets"), { recursive: true });
console.log(`built ${out}`);
