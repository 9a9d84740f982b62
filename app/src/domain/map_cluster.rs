//! Grouping map points into clusters per zoom: a grid of fixed pixel cells in Web Mercator,
//! anchored to the world (not the view), so a cluster stays put while the map pans and the
//! same points and zoom always give the same answer.
use serde::{Deserialize, Serialize};

use super::dimension::Dimension;
use super::stage::Stage;

/// The side of a cluster cell on screen, in pixels.
pub const CELL_PX: f64 = 80.0;
/// From this zoom on, every household is drawn on its own.
pub const INDIVIDUAL_ZOOM: u8 = 15;
/// Deepest zoom the map offers.
pub const MAX_ZOOM: u8 = 19;
/// At most this many circles (clusters and households) in one answer: more, and the grid is
/// made coarser (a huge box at a close zoom would otherwise send the province one by one).
pub const MAX_INDIVIDUALS: usize = 4_000;

/// A map's bounding box in degrees: west, south, east, north.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BBox {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

impl BBox {
    /// Parses `w,s,e,n` (Leaflet's `toBBoxString()`); `None` when it is not four finite
    /// numbers with west ≤ east and south ≤ north inside the world.
    pub fn parse(s: &str) -> Option<BBox> {
        let v: Vec<f64> = s.split(',').map(super::decimal::parse_decimal).collect::<Option<_>>()?;
        let [west, south, east, north] = v.as_slice() else { return None };
        let b = BBox { west: *west, south: *south, east: *east, north: *north };
        let finite = [b.west, b.south, b.east, b.north].iter().all(|x| x.is_finite());
        (finite && b.west <= b.east && b.south <= b.north && b.south >= -90.0 && b.north <= 90.0).then_some(b)
    }

    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        (self.south..=self.north).contains(&lat) && (self.west..=self.east).contains(&lon)
    }

    /// `w,s,e,n`, as parsed.
    pub fn to_param(&self) -> String {
        format!("{},{},{},{}", self.west, self.south, self.east, self.north)
    }
}

/// One household with a position, as the clustering needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct MapPoint {
    pub id: i64,
    pub lat: f64,
    pub lon: f64,
    pub stage: Option<Stage>,
    /// Pending problems per dimension, in `Dimension::ALL` order.
    pub pending: [u32; 5],
    pub head_name: Option<String>,
}

impl MapPoint {
    /// The dimensions with a pending problem, in `Dimension::ALL` order.
    pub fn open_dimensions(&self) -> Vec<Dimension> {
        Dimension::ALL.iter().zip(self.pending).filter(|(_, n)| *n > 0).map(|(d, _)| *d).collect()
    }
}

/// Where a stage goes in a breakdown: not yet assessed, survive, sufficient, sustainable.
pub fn stage_index(stage: Option<Stage>) -> usize {
    match stage {
        None => 0,
        Some(Stage::Survive) => 1,
        Some(Stage::Sufficient) => 2,
        Some(Stage::Sustainable) => 3,
    }
}

/// A group of households drawn as one circle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    /// The members' mean position.
    pub lat: f64,
    pub lon: f64,
    pub count: u32,
    /// Households per stage: not assessed, survive, sufficient, sustainable.
    pub stages: [u32; 4],
    /// Households with a pending problem in each dimension (`Dimension::ALL` order); a
    /// household with problems in two dimensions counts in both.
    pub dimensions: [u32; 5],
    /// The members' extent (`[west, south, east, north]`): a click zooms to it.
    pub bounds: [f64; 4],
}

/// One household drawn on its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapHousehold {
    pub id: i64,
    pub lat: f64,
    pub lon: f64,
    pub stage: Option<Stage>,
    pub open_dimensions: Vec<Dimension>,
    pub head_name: Option<String>,
}

/// What the map draws for one view.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MapView {
    pub zoom: u8,
    /// Households in the view (clustered or not).
    pub total: u64,
    pub clusters: Vec<Cluster>,
    pub households: Vec<MapHousehold>,
}

/// The point's position in world pixels at `zoom` (Web Mercator, 256-pixel tiles).
pub fn world_px(lat: f64, lon: f64, zoom: u8) -> (f64, f64) {
    let size = 256.0 * f64::from(1u32 << zoom.min(MAX_ZOOM));
    let x = (lon + 180.0) / 360.0 * size;
    let lat = lat.clamp(-85.051_128, 85.051_128).to_radians();
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0 * size;
    (x, y)
}

/// Groups the points at `zoom`: cells with one point, and every point from
/// [`INDIVIDUAL_ZOOM`] on, come back as households, the rest as clusters; never more than
/// [`MAX_INDIVIDUALS`] circles in all. The answer does not depend on the points' order.
pub fn cluster(points: &[MapPoint], zoom: u8) -> MapView {
    let zoom = zoom.min(MAX_ZOOM);
    let mut sorted: Vec<&MapPoint> = points.iter().collect();
    sorted.sort_by_key(|p| p.id);
    let total = sorted.len() as u64;
    if zoom >= INDIVIDUAL_ZOOM && sorted.len() <= MAX_INDIVIDUALS {
        return MapView { zoom, total, clusters: Vec::new(), households: sorted.into_iter().map(household).collect() };
    }
    let mut grid_zoom = zoom;
    loop {
        let view = grid(&sorted, zoom, grid_zoom);
        if view.clusters.len() + view.households.len() <= MAX_INDIVIDUALS || grid_zoom == 0 {
            return view;
        }
        grid_zoom -= 1;
    }
}

/// The points (sorted by id) in cells of [`CELL_PX`] at `grid_zoom`.
fn grid(sorted: &[&MapPoint], zoom: u8, grid_zoom: u8) -> MapView {
    let total = sorted.len() as u64;
    let mut cells: std::collections::BTreeMap<(i64, i64), Vec<&MapPoint>> = std::collections::BTreeMap::new();
    for p in sorted.iter().copied() {
        let (x, y) = world_px(p.lat, p.lon, grid_zoom);
        let key = ((x / CELL_PX).floor() as i64, (y / CELL_PX).floor() as i64);
        cells.entry(key).or_default().push(p);
    }
    let mut view = MapView { zoom, total, ..MapView::default() };
    for members in cells.into_values() {
        match members.as_slice() {
            [one] => view.households.push(household(one)),
            _ => view.clusters.push(summarise(&members)),
        }
    }
    view
}

fn household(p: &MapPoint) -> MapHousehold {
    MapHousehold {
        id: p.id,
        lat: p.lat,
        lon: p.lon,
        stage: p.stage,
        open_dimensions: p.open_dimensions(),
        head_name: p.head_name.clone(),
    }
}

fn summarise(members: &[&MapPoint]) -> Cluster {
    let n = members.len() as f64;
    let mut c = Cluster {
        lat: 0.0,
        lon: 0.0,
        count: u32::try_from(members.len()).unwrap_or(u32::MAX),
        stages: [0; 4],
        dimensions: [0; 5],
        bounds: [f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY],
    };
    for p in members {
        c.lat += p.lat / n;
        c.lon += p.lon / n;
        c.stages[stage_index(p.stage)] += 1;
        for (slot, pending) in c.dimensions.iter_mut().zip(p.pending) {
            *slot += u32::from(pending > 0);
        }
        c.bounds = [c.bounds[0].min(p.lon), c.bounds[1].min(p.lat), c.bounds[2].max(p.lon), c.bounds[3].max(p.lat)];
    }
    // Rounding must not put the mean outside the members' extent.
    c.lat = c.lat.clamp(c.bounds[1], c.bounds[3]);
    c.lon = c.lon.clamp(c.bounds[0], c.bounds[2]);
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(id: i64, lat: f64, lon: f64) -> MapPoint {
        let stage = match id % 4 {
            0 => None,
            1 => Some(Stage::Survive),
            2 => Some(Stage::Sufficient),
            _ => Some(Stage::Sustainable),
        };
        let pending = [u32::from(id % 2 == 0), 0, u32::from(id % 3 == 0) * 2, 0, 1];
        MapPoint { id, lat, lon, stage, pending, head_name: Some(format!("หัวหน้า {id}")) }
    }

    /// A district's worth of households spread around Si Sa Ket town.
    fn spread(n: i64) -> Vec<MapPoint> {
        (0..n)
            .map(|i| {
                let a = (i * 7919 % 1000) as f64 / 1000.0;
                let b = (i * 104_729 % 1000) as f64 / 1000.0;
                point(i + 1, 14.9 + a * 0.4, 104.1 + b * 0.5)
            })
            .collect()
    }

    fn households_in(v: &MapView) -> u64 {
        v.clusters.iter().map(|c| u64::from(c.count)).sum::<u64>() + v.households.len() as u64
    }

    #[test]
    fn bounding_boxes_parse_from_leaflet_strings() {
        let b = BBox::parse("104.1,14.9,104.6,15.3").expect("a box");
        assert_eq!(b, BBox { west: 104.1, south: 14.9, east: 104.6, north: 15.3 });
        assert!(b.contains(15.0, 104.3) && !b.contains(15.4, 104.3));
        assert_eq!(BBox::parse(&b.to_param()), Some(b));
        for bad in ["", "1,2,3", "1,2,3,4,5", "a,b,c,d", "104.6,14.9,104.1,15.3", "0,95,1,96", "NaN,1,2,3"] {
            assert_eq!(BBox::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn counts_add_up_at_every_zoom() {
        let points = spread(3_000);
        for zoom in 0..=MAX_ZOOM {
            let v = cluster(&points, zoom);
            assert_eq!(v.total, 3_000);
            assert_eq!(households_in(&v), 3_000, "zoom {zoom}");
            for c in &v.clusters {
                assert!(c.count >= 2);
                assert_eq!(c.stages.iter().sum::<u32>(), c.count, "every member has one stage slot");
                assert!(c.dimensions.iter().all(|d| *d <= c.count));
                assert!(c.bounds[0] <= c.lon && c.lon <= c.bounds[2] && c.bounds[1] <= c.lat && c.lat <= c.bounds[3]);
            }
        }
    }

    #[test]
    fn far_views_gather_and_close_views_separate() {
        let points = spread(3_000);
        assert!(cluster(&points, 6).clusters.len() <= 4, "a district fits in a few cells at zoom 6");
        assert!(cluster(&points, 8).clusters.len() <= 9);
        let close = cluster(&points, INDIVIDUAL_ZOOM);
        assert!(close.clusters.is_empty());
        assert_eq!(close.households.len(), 3_000);
        let h = close.households.iter().find(|h| h.id == 6).expect("household 6");
        assert_eq!(h.open_dimensions, vec![Dimension::Health, Dimension::Education, Dimension::Access]);
        assert_eq!(h.head_name.as_deref(), Some("หัวหน้า 6"));
    }

    #[test]
    fn the_answer_does_not_depend_on_the_order() {
        let points = spread(500);
        let mut reversed = points.clone();
        reversed.reverse();
        for zoom in [6, 10, 12, 14] {
            assert_eq!(cluster(&points, zoom), cluster(&reversed, zoom), "zoom {zoom}");
        }
    }

    #[test]
    fn breakdowns_count_stages_and_dimensions() {
        let points = vec![point(1, 15.0, 104.3), point(2, 15.0001, 104.3001), point(3, 15.0002, 104.3)];
        let v = cluster(&points, 10);
        assert_eq!(v.clusters.len(), 1);
        let c = &v.clusters[0];
        assert_eq!(c.count, 3);
        assert_eq!(c.stages, [0, 1, 1, 1]);
        // Health: id 2; education: id 3; access: all.
        assert_eq!(c.dimensions, [1, 0, 1, 0, 3]);
        assert!((c.lat - 15.0001).abs() < 1e-9);
    }

    #[test]
    fn too_many_individuals_are_clustered_anyway() {
        let points: Vec<MapPoint> =
            (0..(MAX_INDIVIDUALS as i64 + 10)).map(|i| point(i, 15.0 + i as f64 * 1e-7, 104.3)).collect();
        let v = cluster(&points, MAX_ZOOM);
        assert!(!v.clusters.is_empty());
        assert!(v.clusters.len() + v.households.len() <= MAX_INDIVIDUALS);
        assert_eq!(v.zoom, MAX_ZOOM);
        assert_eq!(households_in(&v), points.len() as u64);
    }

    #[test]
    fn world_pixels_follow_web_mercator() {
        let (x, y) = world_px(0.0, 0.0, 0);
        assert!((x - 128.0).abs() < 1e-9 && (y - 128.0).abs() < 1e-9);
        let (x1, _) = world_px(15.0, 104.0, 10);
        let (x2, _) = world_px(15.0, 104.0, 11);
        assert!((x2 - 2.0 * x1).abs() < 1e-6);
    }
}
