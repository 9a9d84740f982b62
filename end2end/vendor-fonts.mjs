// Copies the Sarabun webfont files Hakpaeng uses from npm's @fontsource/sarabun into
// public/fonts (committed, so the app never loads fonts from a CDN). Run: npm run vendor-fonts
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, "node_modules/@fontsource/sarabun");
const dest = join(here, "../public/fonts");
mkdirSync(dest, { recursive: true });
for (const subset of ["thai", "latin"]) {
  for (const weight of [400, 600, 700]) {
    const name = `sarabun-${subset}-${weight}-normal.woff2`;
    copyFileSync(join(src, "files", name), join(dest, name));
  }
}
copyFileSync(join(src, "LICENSE"), join(dest, "OFL-LICENSE.txt"));
console.log("Sarabun copied to", dest);
