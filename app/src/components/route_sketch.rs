//! A small drawing of a day's route as SVG: the start (a square), the numbered stops joined in
//! order, and the way back to the end. It needs no map tiles, so it prints on A4 and shows
//! offline; the interactive map draws the same route over a real map.
use leptos::prelude::*;

use crate::api::plans::Plan;

/// Width and height of the drawing's coordinate space.
const W: f64 = 400.0;
const H: f64 = 300.0;
const PAD: f64 = 18.0;

/// Projects positions into the drawing (equirectangular, north up, the same scale both ways).
struct Frame {
    max_lat: f64,
    min_lon: f64,
    k: f64,
    scale: f64,
    dx: f64,
    dy: f64,
}

impl Frame {
    fn fit(points: &[(f64, f64)]) -> Frame {
        let lat0 = points.iter().map(|p| p.0).sum::<f64>() / points.len().max(1) as f64;
        let k = crate::domain::geo::trig::cos(lat0.to_radians());
        let min_lat = points.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
        let max_lat = points.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
        let min_lon = points.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
        let max_lon = points.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
        let width = ((max_lon - min_lon) * k).max(1e-4);
        let height = (max_lat - min_lat).max(1e-4);
        let scale = ((W - 2.0 * PAD) / width).min((H - 2.0 * PAD) / height);
        let dx = (W - width * scale) / 2.0;
        let dy = (H - height * scale) / 2.0;
        Frame { max_lat, min_lon, k, scale, dx, dy }
    }

    fn xy(&self, (lat, lon): (f64, f64)) -> (f64, f64) {
        ((lon - self.min_lon) * self.k * self.scale + self.dx, (self.max_lat - lat) * self.scale + self.dy)
    }
}

#[component]
pub fn RouteSketch(plan: Plan) -> impl IntoView {
    let start = (plan.start.lat, plan.start.lon);
    let end = plan.end.as_ref().map(|e| (e.lat, e.lon)).unwrap_or(start);
    let stops: Vec<(usize, (f64, f64))> =
        plan.stops.iter().filter_map(|s| s.lat.zip(s.lon).map(|p| (s.position, p))).collect();
    let mut all: Vec<(f64, f64)> = stops.iter().map(|(_, p)| *p).collect();
    all.push(start);
    all.push(end);
    let frame = Frame::fit(&all);
    let mut path: Vec<(f64, f64)> = vec![frame.xy(start)];
    path.extend(stops.iter().map(|(_, p)| frame.xy(*p)));
    path.push(frame.xy(end));
    let line = path.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect::<Vec<_>>().join(" ");
    let (sx, sy) = frame.xy(start);
    let (ex, ey) = frame.xy(end);
    let markers = stops
        .iter()
        .map(|(n, p)| {
            let (x, y) = frame.xy(*p);
            let visited = plan.stops.get(n - 1).and_then(|s| s.visit.as_ref()).is_some();
            view! {
                <g class="sketch-stop" class:visited=visited data-stop=n.to_string()>
                    <circle cx=format!("{x:.1}") cy=format!("{y:.1}") r="9"/>
                    <text x=format!("{x:.1}") y=format!("{:.1}", y + 3.5) text-anchor="middle">{n.to_string()}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="route-sketch" viewBox=format!("0 0 {W} {H}") role="img" data-testid="route-sketch"
            aria-label=format!("เส้นทาง {} จุด", stops.len())>
            <rect class="sketch-bg" x="0" y="0" width=W.to_string() height=H.to_string()/>
            <polyline class="sketch-line" points=line/>
            {(end != start).then(|| view! {
                <rect class="sketch-end" x=format!("{:.1}", ex - 6.0) y=format!("{:.1}", ey - 6.0) width="12" height="12"/>
            })}
            <rect class="sketch-start" x=format!("{:.1}", sx - 7.0) y=format!("{:.1}", sy - 7.0) width="14" height="14"/>
            {markers}
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_frame_fits_every_point_inside_the_padding() {
        let pts = [(15.0, 104.0), (15.2, 104.5), (14.9, 104.2)];
        let f = Frame::fit(&pts);
        for p in pts {
            let (x, y) = f.xy(p);
            assert!((PAD - 0.01..=W - PAD + 0.01).contains(&x), "{x}");
            assert!((PAD - 0.01..=H - PAD + 0.01).contains(&y), "{y}");
        }
        // North is up: the northern point is higher (smaller y).
        assert!(f.xy((15.2, 104.5)).1 < f.xy((14.9, 104.2)).1);
    }

    #[test]
    fn a_single_point_does_not_divide_by_zero() {
        let f = Frame::fit(&[(15.0, 104.0)]);
        let (x, y) = f.xy((15.0, 104.0));
        assert!(x.is_finite() && y.is_finite());
    }
}
