// Copies Leaflet (the map library of the visit-planning map) from npm's `leaflet` into
// public/vendor/leaflet (committed, so the app never loads it from a CDN). Only the map pages
// load it. Run: npm run vendor-leaflet
import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, "node_modules/leaflet");
const dest = join(here, "../public/vendor/leaflet");
mkdirSync(join(dest, "images"), { recursive: true });
for (const name of ["leaflet.js", "leaflet.css"]) {
  copyFileSync(join(src, "dist", name), join(dest, name));
}
for (const name of readdirSync(join(src, "dist/images"))) {
  copyFileSync(join(src, "dist/images", name), join(dest, "images", name));
}
copyFileSync(join(src, "LICENSE"), join(dest, "LICENSE"));
console.log("Leaflet copied to", dest);
