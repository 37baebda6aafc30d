//! Great-circle distance.

/// Mean Earth radius in kilometres (IUGG).
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Haversine distance in km between two WGS-84 points given in degrees.
///
/// ```
/// use jobmatch::normalise::geo::haversine_km;
/// // Changchun to Jilin city: about 100 km.
/// let d = haversine_km((43.8171, 125.3235), (43.8378, 126.5496));
/// assert!((d - 98.5).abs() < 2.0);
/// ```
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lon1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// A point given in degrees as a vector on the unit sphere.
pub(crate) fn unit_vector((lat, lon): (f64, f64)) -> [f64; 3] {
    let (lat, lon) = (lat.to_radians(), lon.to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

/// Half the straight-line distance between two unit vectors: the sine of half
/// the angle between them, the quantity the haversine's square root computes.
pub(crate) fn half_chord(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    let d = [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
    (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt() / 2.0
}

/// Great-circle distance in km from two unit vectors (the haversine up to
/// rounding).
pub(crate) fn unit_distance_km(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    2.0 * EARTH_RADIUS_KM * half_chord(a, b).min(1.0).asin()
}

/// Half-widths in degrees `(dlat, dlon)` of a box that holds every point within
/// `km` of a point at latitude `lat`. `dlon` is `None` when the box would reach a
/// pole (longitude then cannot be bounded).
pub fn degree_span(lat: f64, km: f64) -> (f64, Option<f64>) {
    let km_per_degree = EARTH_RADIUS_KM.to_radians();
    let dlat = km / km_per_degree * 1.01 + 1e-6;
    let max_lat = lat.abs() + dlat;
    if max_lat >= 89.0 {
        return (dlat, None);
    }
    let dlon = km / (km_per_degree * max_lat.to_radians().cos()) * 1.01 + 1e-6;
    (dlat, (dlon < 180.0).then_some(dlon))
}
