//! Distances on the ground between two positions (haversine), for "nearest first" lists and
//! the distance shown beside each household.
use crate::i18n::Lang;

const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Sine, cosine and arcsine: JavaScript's `Math` in the browser, so the WebAssembly carries no
/// trigonometry of its own (8 KB of libm in the bundle every page downloads); Rust's elsewhere.
pub mod trig {
    #[cfg(all(feature = "hydrate", target_arch = "wasm32"))]
    pub use js_sys::Math::{asin, cos, sin};

    #[cfg(not(all(feature = "hydrate", target_arch = "wasm32")))]
    pub fn sin(x: f64) -> f64 {
        x.sin()
    }
    #[cfg(not(all(feature = "hydrate", target_arch = "wasm32")))]
    pub fn cos(x: f64) -> f64 {
        x.cos()
    }
    #[cfg(not(all(feature = "hydrate", target_arch = "wasm32")))]
    pub fn asin(x: f64) -> f64 {
        x.asin()
    }
}

/// A latitude/longitude pair in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Position {
    pub lat: f64,
    pub lon: f64,
}

/// Great-circle distance in metres.
pub fn distance_m(a: Position, b: Position) -> f64 {
    let (la1, la2) = (a.lat.to_radians(), b.lat.to_radians());
    let dlat = la2 - la1;
    let dlon = (b.lon - a.lon).to_radians();
    let h = trig::sin(dlat / 2.0).powi(2) + trig::cos(la1) * trig::cos(la2) * trig::sin(dlon / 2.0).powi(2);
    2.0 * EARTH_RADIUS_M * trig::asin(h.sqrt().min(1.0))
}

/// Sorts `items` nearest first from `here`; those without a position keep their order, last.
pub fn sort_nearest<T>(items: &mut [T], here: Position, position: impl Fn(&T) -> Option<Position>) {
    items.sort_by(|a, b| {
        let da = position(a).map(|p| distance_m(here, p));
        let db = position(b).map(|p| distance_m(here, p));
        match (da, db) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
    });
}

/// "850 ม." under a kilometre, "3.4 กม." under 100 km, "120 กม." beyond.
pub fn format_distance(metres: f64, lang: Lang) -> String {
    let (m, km) = match lang {
        Lang::Th => ("ม.", "กม."),
        Lang::En => ("m", "km"),
    };
    if metres < 1_000.0 {
        format!("{} {m}", (metres / 10.0).round() * 10.0)
    } else if metres < 100_000.0 {
        format!("{:.1} {km}", metres / 1_000.0)
    } else {
        format!("{:.0} {km}", metres / 1_000.0)
    }
}

/// A link that opens the phone's map app at the position (Android's `geo:` scheme, with the
/// position repeated as the pin's query so the app drops a marker there).
pub fn geo_link(p: Position) -> String {
    format!("geo:{:.6},{:.6}?q={:.6},{:.6}", p.lat, p.lon, p.lat, p.lon)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SISAKET_SEAT: Position = Position { lat: 15.1186, lon: 104.3220 };
    const KANTHARALAK_SEAT: Position = Position { lat: 14.6510, lon: 104.6470 };

    #[test]
    fn distances_match_known_figures() {
        assert_eq!(distance_m(SISAKET_SEAT, SISAKET_SEAT), 0.0);
        // About 62 km between the two district seats (checked against a map).
        let d = distance_m(SISAKET_SEAT, KANTHARALAK_SEAT);
        assert!((61_000.0..63_500.0).contains(&d), "{d}");
        assert!((distance_m(KANTHARALAK_SEAT, SISAKET_SEAT) - d).abs() < 1e-6);
        // One degree of latitude is about 111.2 km.
        let north = Position { lat: 16.1186, lon: 104.3220 };
        assert!((distance_m(SISAKET_SEAT, north) - 111_195.0).abs() < 50.0);
    }

    #[test]
    fn nearest_first_and_unknown_positions_last() {
        let mut items = vec![
            ("far", Some(KANTHARALAK_SEAT)),
            ("unknown", None),
            ("near", Some(Position { lat: 15.12, lon: 104.33 })),
        ];
        sort_nearest(&mut items, SISAKET_SEAT, |i| i.1);
        let order: Vec<&str> = items.iter().map(|i| i.0).collect();
        assert_eq!(order, ["near", "far", "unknown"]);
    }

    #[test]
    fn distances_read_naturally() {
        assert_eq!(format_distance(847.0, Lang::Th), "850 ม.");
        assert_eq!(format_distance(3_420.0, Lang::Th), "3.4 กม.");
        assert_eq!(format_distance(123_456.0, Lang::En), "123 km");
        assert_eq!(geo_link(SISAKET_SEAT), "geo:15.118600,104.322000?q=15.118600,104.322000");
    }
}
