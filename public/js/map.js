// The visit map's glue to Leaflet (vendored in /vendor/leaflet and loaded on first use, so only
// the map pages pay for it). Rust (`components/map_view.rs`) creates a map, hands it the
// filter, the colouring, the district offices, a route and the modes; this file asks the server
// for the clusters of the view as it moves and draws them on one canvas.
// Loaded by app/js/map_loader.js with the first map (wasm-bindgen binds the loader's wrappers);
// every function takes the handle `createMap` resolved to.

let loading = null;

/** Loads Leaflet's script and stylesheet once. */
function leaflet() {
  if (window.L) return Promise.resolve(window.L);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = "/vendor/leaflet/leaflet.css";
      document.head.appendChild(css);
      const script = document.createElement("script");
      script.src = "/vendor/leaflet/leaflet.js";
      script.onload = () => resolve(window.L);
      script.onerror = () => { loading = null; reject(new Error("Leaflet did not load")); };
      document.head.appendChild(script);
    });
  }
  return loading;
}

function cssColour(name, fallback) {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

/** Stage colours (not assessed, survive, sufficient, sustainable) and dimension colours. */
function palette() {
  return {
    stages: [
      cssColour("--stage-unassessed", "#a8afbd"),
      cssColour("--stage-survive", "#e07a2f"),
      cssColour("--stage-sufficient", "#e6b422"),
      cssColour("--stage-sustainable", "#2e9e5b"),
    ],
    dims: ["health", "living", "education", "income", "access"].map((d, i) =>
      cssColour(`--dim-${d}`, ["#c2185b", "#8d5a2b", "#1e63b8", "#2e7d32", "#6a3fb0"][i])),
    none: "#a8afbd",
  };
}

const STAGE_INDEX = { survive: 1, sufficient: 2, sustainable: 3 };
const DIM_INDEX = { health: 0, living: 1, education: 2, income: 3, access: 4 };

let ClusterMarker = null;

/** A circle on the canvas renderer drawn as a pie of its parts with its count in the middle. */
function clusterClass(L) {
  if (ClusterMarker) return ClusterMarker;
  ClusterMarker = L.CircleMarker.extend({
    _updatePath() {
      const r = this._renderer;
      if (!r._drawing || this._empty()) return;
      const ctx = r._ctx;
      const p = this._point;
      const rad = this._radius;
      const { parts, colours, label } = this.options;
      const total = parts.reduce((a, b) => a + b, 0);
      ctx.save();
      ctx.beginPath();
      ctx.arc(p.x, p.y, rad + 2, 0, Math.PI * 2);
      ctx.fillStyle = "rgba(255,255,255,0.9)";
      ctx.fill();
      let start = -Math.PI / 2;
      if (total === 0) {
        ctx.beginPath();
        ctx.arc(p.x, p.y, rad, 0, Math.PI * 2);
        ctx.fillStyle = colours.none;
        ctx.fill();
      }
      parts.forEach((n, i) => {
        if (!n) return;
        const end = start + (n / total) * Math.PI * 2;
        ctx.beginPath();
        ctx.moveTo(p.x, p.y);
        ctx.arc(p.x, p.y, rad, start, end);
        ctx.closePath();
        ctx.fillStyle = colours.list[i];
        ctx.fill();
        start = end;
      });
      ctx.beginPath();
      ctx.arc(p.x, p.y, rad * 0.64, 0, Math.PI * 2);
      ctx.fillStyle = "#ffffff";
      ctx.fill();
      ctx.fillStyle = "#1c2434";
      ctx.font = `700 ${rad > 22 ? 13 : 12}px Sarabun, system-ui, sans-serif`;
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.fillText(label, p.x, p.y + 0.5);
      ctx.restore();
    },
  });
  return ClusterMarker;
}

function escapeHtml(s) {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

function shortCount(n) {
  if (n >= 10000) return `${Math.round(n / 1000)}k`;
  if (n >= 1000) return `${(n / 1000).toFixed(1)}k`;
  return String(n);
}

/**
 * Creates the map in `el`. `o`: {tileUrl, attribution, dataUrl, query, colourBy, bounds
 * [[s, w], [n, e]], labels {stages[4], dims[5], none, open, office, approx}, onSelect(bbox),
 * onPlace(lat, lon), onLoaded(total)}.
 */
export async function createMap(el, o) {
  const L = await leaflet();
  const renderer = L.canvas({ padding: 0.3 });
  const map = L.map(el, { preferCanvas: true, renderer, boxZoom: false, zoomSnap: 1, maxZoom: 19, minZoom: 5 });
  if (o.tileUrl) {
    L.tileLayer(o.tileUrl, { maxZoom: 19, attribution: o.attribution || "" }).addTo(map);
  } else {
    el.classList.add("map-plain");
  }
  const h = {
    L, map, el, renderer, o,
    query: o.query || "",
    colourBy: o.colourBy || "stage",
    data: null,
    layer: L.layerGroup().addTo(map),
    offices: L.layerGroup().addTo(map),
    route: L.layerGroup().addTo(map),
    selection: null,
    selecting: false,
    placing: false,
    abort: null,
    timer: null,
  };
  el.hakpaengMap = h;
  map.fitBounds(o.bounds, { padding: [16, 16] });
  map.on("moveend", () => schedule(h));
  map.on("click", (e) => {
    if (h.placing && o.onPlace) o.onPlace(e.latlng.lat, e.latlng.lng);
  });
  boxSelection(h);
  await load(h);
  return h;
}

function schedule(h) {
  clearTimeout(h.timer);
  h.timer = setTimeout(() => load(h), 120);
}

/** Asks the server for the view's clusters and households, then draws them. */
async function load(h) {
  if (h.abort) h.abort.abort();
  const abort = new AbortController();
  h.abort = abort;
  const { map, el } = h;
  const bbox = map.getBounds().toBBoxString();
  const url = `${h.o.dataUrl}?bbox=${bbox}&zoom=${map.getZoom()}${h.query ? `&${h.query}` : ""}`;
  el.dataset.state = "loading";
  try {
    const r = await fetch(url, { credentials: "same-origin", signal: abort.signal });
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    h.data = await r.json();
    draw(h);
    el.dataset.state = "ready";
    if (h.o.onLoaded) h.o.onLoaded(h.data.total);
  } catch (e) {
    if (e.name !== "AbortError") el.dataset.state = "error";
  }
}

function draw(h) {
  const { L, layer, data, el, o } = h;
  layer.clearLayers();
  if (!data) return;
  const colours = palette();
  const byStage = h.colourBy === "stage";
  const Cluster = clusterClass(L);
  for (const c of data.clusters) {
    const parts = byStage ? c.stages : c.dimensions;
    const radius = Math.min(28, 12 + 4 * Math.log10(c.count));
    const m = new Cluster([c.lat, c.lon], {
      renderer: h.renderer, radius, parts, label: shortCount(c.count),
      colours: { list: byStage ? colours.stages : colours.dims, none: colours.none },
      stroke: false, fill: true, fillOpacity: 1,
    });
    m.on("click", (ev) => {
      if (h.placing) { o.onPlace(ev.latlng.lat, ev.latlng.lng); return; }
      const [w, s, e, n] = c.bounds;
      if (h.map.getZoom() >= 18 || (w === e && s === n)) h.map.setView([c.lat, c.lon], Math.min(19, h.map.getZoom() + 2));
      else h.map.fitBounds([[s, w], [n, e]], { padding: [40, 40], maxZoom: 19 });
    });
    layer.addLayer(m);
  }
  for (const hh of data.households) {
    let fill;
    if (byStage) fill = colours.stages[STAGE_INDEX[hh.stage] || 0];
    else fill = hh.open_dimensions.length ? colours.dims[DIM_INDEX[hh.open_dimensions[0]]] : colours.none;
    const m = L.circleMarker([hh.lat, hh.lon], {
      renderer: h.renderer, radius: 8, color: "#ffffff", weight: 2, fillColor: fill, fillOpacity: 1,
    });
    m.on("click", (ev) => {
      if (h.placing) { o.onPlace(ev.latlng.lat, ev.latlng.lng); return; }
      L.popup({ maxWidth: 260 }).setLatLng([hh.lat, hh.lon]).setContent(popup(hh, o.labels)).openOn(h.map);
    });
    layer.addLayer(m);
  }
  el.dataset.clusters = String(data.clusters.length);
  el.dataset.households = String(data.households.length);
  el.dataset.total = String(data.total);
  el.dataset.zoom = String(data.zoom);
}

function popup(hh, labels) {
  const stage = labels.stages[STAGE_INDEX[hh.stage] || 0];
  const dims = hh.open_dimensions.map((d) => labels.dims[DIM_INDEX[d]]).join(", ") || labels.none;
  return `<div class="map-popup"><strong>${escapeHtml(hh.head_name || "-")}</strong>` +
    `<div>${escapeHtml(stage)}</div><div class="small">${escapeHtml(dims)}</div>` +
    `<a class="btn btn-primary btn-small" href="/field/households/${hh.id}">${escapeHtml(labels.open)}</a></div>`;
}

/** Box selection: with the mode on (any pointer, touch too) or with Shift held (a mouse). */
function boxSelection(h) {
  const { el, map, L } = h;
  let start = null;
  let last = null;
  let rect = null;
  const latlng = (e) => map.mouseEventToLatLng(e);
  el.addEventListener("pointerdown", (e) => {
    if (!(h.selecting || e.shiftKey) || e.button > 0) return;
    if (e.target.closest(".leaflet-control")) return;
    e.stopPropagation();
    e.preventDefault();
    el.setPointerCapture(e.pointerId);
    start = latlng(e);
    last = start;
    if (h.selection) h.selection.remove();
    rect = L.rectangle([start, start], { renderer: h.renderer, color: "#23305c", weight: 2, dashArray: "6 4", fillOpacity: 0.08, interactive: false }).addTo(map);
    h.selection = rect;
  }, true);
  el.addEventListener("pointermove", (e) => {
    if (!start) return;
    e.stopPropagation();
    last = latlng(e);
    rect.setBounds(L.latLngBounds(start, last));
  }, true);
  const end = (e) => {
    if (!start) return;
    e.stopPropagation();
    // A cancelled touch ends where the finger last was.
    const b = L.latLngBounds(start, e.type === "pointercancel" ? last : latlng(e));
    start = null;
    rect.setBounds(b);
    if (h.o.onSelect) h.o.onSelect(b.toBBoxString());
  };
  el.addEventListener("pointerup", end, true);
  el.addEventListener("pointercancel", end, true);
}

export function setQuery(h, query) {
  if (h.query === query) return;
  h.query = query;
  load(h);
}

export function setColourBy(h, mode) {
  if (h.colourBy === mode) return;
  h.colourBy = mode;
  draw(h);
}

export function reload(h) {
  load(h);
}

export function setSelecting(h, on) {
  h.selecting = on;
  h.el.classList.toggle("map-selecting", on);
  // Leaflet's stylesheet lets the browser pan on touch; a box is drawn with the finger instead.
  h.el.style.touchAction = on ? "none" : "";
  if (on) h.map.dragging.disable();
  else {
    h.map.dragging.enable();
    if (h.selection) { h.selection.remove(); h.selection = null; }
  }
}

export function setPlacing(h, on) {
  h.placing = on;
  h.el.classList.toggle("map-placing", on);
}

export function flyTo(h, lat, lon, zoom) {
  h.map.setView([lat, lon], zoom);
}

/** The district offices: `[{lat, lon, name, approximate}]`, drawn as distinct square markers. */
export function setOffices(h, offices) {
  const { L } = h;
  h.offices.clearLayers();
  for (const o of offices) {
    const icon = L.divIcon({ className: "map-office", html: "<span>อ.</span>", iconSize: [22, 22], iconAnchor: [11, 11] });
    const m = L.marker([o.lat, o.lon], { icon, title: o.name, keyboard: false, zIndexOffset: 1000 });
    m.on("click", (ev) => { if (h.placing) h.o.onPlace(ev.latlng.lat, ev.latlng.lng); });
    m.bindTooltip(escapeHtml(o.name) + (o.approximate ? ` <small>(${escapeHtml(h.o.labels.approx)})</small>` : ""));
    h.offices.addLayer(m);
  }
}

/**
 * A route: a line through its points `[{lat, lon, endpoint?}]`. Stops are numbered from 1; a
 * point with `endpoint` (its name) is where the day starts or ends, drawn as a square with the
 * name as its tooltip (once when the day ends where it started).
 */
export function setRoute(h, points) {
  const { L } = h;
  h.route.clearLayers();
  if (!points.length) return;
  L.polyline(points.map((p) => [p.lat, p.lon]), { renderer: h.renderer, color: "#23305c", weight: 4, opacity: 0.8, interactive: false }).addTo(h.route);
  const drawn = new Set();
  let n = 0;
  for (const p of points) {
    if (p.endpoint !== undefined) {
      const at = `${p.lat},${p.lon}`;
      if (drawn.has(at)) continue;
      drawn.add(at);
      const icon = L.divIcon({ className: "map-endpoint", html: "<span>⌂</span>", iconSize: [26, 26], iconAnchor: [13, 13] });
      L.marker([p.lat, p.lon], { icon, keyboard: false, zIndexOffset: 2100 }).bindTooltip(escapeHtml(p.endpoint)).addTo(h.route);
    } else {
      n += 1;
      const icon = L.divIcon({ className: "map-stop", html: `<span>${n}</span>`, iconSize: [24, 24], iconAnchor: [12, 12] });
      L.marker([p.lat, p.lon], { icon, keyboard: false, zIndexOffset: 2000 }).addTo(h.route);
    }
  }
}

export function destroy(h) {
  clearTimeout(h.timer);
  if (h.abort) h.abort.abort();
  h.map.remove();
  delete h.el.hakpaengMap;
}
