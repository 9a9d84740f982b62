//! Times a visit day: each leg's road metres (straight-line × detour), arrival and departure at
//! each stop, and the arrival at the end.
use super::matrix::DistanceMatrix;
use super::solve::legs;

/// How the day is travelled.
#[derive(Debug, Clone, PartialEq)]
pub struct TravelSettings {
    /// Average speed on the road, km/h.
    pub speed_kmh: f64,
    /// Road metres per matrix metre (1.3: rural roads wind around fields and canals).
    pub detour_factor: f64,
    /// Minutes spent at each household.
    pub minutes_per_visit: u32,
}

impl Default for TravelSettings {
    fn default() -> Self {
        TravelSettings { speed_kmh: 40.0, detour_factor: 1.3, minutes_per_visit: 30 }
    }
}

impl TravelSettings {
    /// Minutes on the road for `metres` of matrix distance.
    pub fn travel_minutes(&self, metres: f64) -> f64 {
        metres * self.detour_factor / (self.speed_kmh.max(0.1) * 1000.0 / 60.0)
    }

    /// Minutes of a whole day: travel plus the visits.
    pub fn day_minutes(&self, metres: f64, visits: usize) -> f64 {
        self.travel_minutes(metres) + visits as f64 * f64::from(self.minutes_per_visit)
    }
}

/// One arrival: the leg that led here (road metres, detour included), arrival and departure in
/// minutes after midnight. The last entry of a schedule is the end (departure = arrival).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StopTime {
    pub leg_m: f64,
    pub arrive_minute: u32,
    pub leave_minute: u32,
}

/// The day's timetable: one entry per stop in `order`, then one for the arrival at the end.
/// Minutes are rounded from a running clock, so rounding does not add up along the day.
pub fn schedule(
    matrix: &DistanceMatrix,
    order: &[usize],
    settings: &TravelSettings,
    start_minute: u32,
) -> Vec<StopTime> {
    let mut clock = f64::from(start_minute);
    let visit = f64::from(settings.minutes_per_visit);
    let legs = legs(matrix, order);
    let last = legs.len() - 1;
    legs.into_iter()
        .enumerate()
        .map(|(i, metres)| {
            clock += settings.travel_minutes(metres);
            let arrive = clock.round() as u32;
            if i < last {
                clock += visit;
            }
            StopTime {
                leg_m: metres * settings.detour_factor,
                arrive_minute: arrive,
                leave_minute: clock.round() as u32,
            }
        })
        .collect()
}

/// "09:30" (24-hour clock; past midnight wraps to the next day's time).
pub fn format_hhmm(minute: u32) -> String {
    let m = minute % (24 * 60);
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// "09:30 น.", as Thai timetables write it.
pub fn format_hhmm_th(minute: u32) -> String {
    format!("{} น.", format_hhmm(minute))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_is_timed_with_the_detour() {
        // 20 km out, 10 km on, 26 km back: at 40 km/h × 1.3 each km takes 1.95 minutes.
        let m = DistanceMatrix::from_rows(
            vec![vec![0.0, 20_000.0, 26_000.0], vec![20_000.0, 0.0, 10_000.0], vec![26_000.0, 10_000.0, 0.0]],
            2,
        )
        .expect("matrix");
        let s = TravelSettings::default();
        let times = schedule(&m, &[0, 1], &s, 8 * 60 + 30);
        assert_eq!(times.len(), 3);
        assert!((times[0].leg_m - 26_000.0).abs() < 1e-9);
        assert_eq!((times[0].arrive_minute, times[0].leave_minute), (549, 579)); // 08:30 + 39
        assert_eq!((times[1].arrive_minute, times[1].leave_minute), (599, 629)); // + 19.5 (598.5 rounds up)
        assert_eq!((times[2].arrive_minute, times[2].leave_minute), (679, 679)); // + 50.7
        assert_eq!(format_hhmm(times[2].arrive_minute), "11:19");
        assert_eq!(format_hhmm_th(9 * 60 + 30), "09:30 น.");
        assert_eq!(format_hhmm(24 * 60 + 5), "00:05");
        assert!((s.day_minutes(10_000.0, 2) - 79.5).abs() < 1e-9);
    }
}
