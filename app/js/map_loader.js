// The map's glue (public/js/map.js, served as /js/map.js) is fetched with the first map, not
// with every page: the field pages never draw one, and on a slow link each kilobyte before the
// page responds counts. wasm-bindgen binds these wrappers; each forwards to the loaded module
// (a handle exists only once createMap has resolved, so the module is there by then).

let glue = null;
let loading = null;

function load() {
  if (!loading) {
    loading = import("/js/map.js").then(
      (m) => (glue = m),
      (e) => {
        loading = null;
        throw e;
      },
    );
  }
  return loading;
}

export function createMap(el, o) {
  return load().then((m) => m.createMap(el, o));
}
export const setQuery = (h, query) => glue.setQuery(h, query);
export const setColourBy = (h, mode) => glue.setColourBy(h, mode);
export const reload = (h) => glue.reload(h);
export const setSelecting = (h, on) => glue.setSelecting(h, on);
export const setPlacing = (h, on) => glue.setPlacing(h, on);
export const flyTo = (h, lat, lon, zoom) => glue.flyTo(h, lat, lon, zoom);
export const setOffices = (h, offices) => glue.setOffices(h, offices);
export const setRoute = (h, points) => glue.setRoute(h, points);
export const destroy = (h) => glue.destroy(h);
