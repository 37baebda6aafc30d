//! Real places: Jilin's cities, counties and townships, and cities elsewhere in China, with
//! population-plausible weights, coordinate jitter and distances.

use std::collections::BTreeMap;

use crate::model::Location;
use crate::rng::{Rand, Weighted, chance, round_to, uniform};
use crate::vocab::{Level, Vocab};

/// 2020 census population of Jilin's prefecture-level units, in 10,000 persons.
const CITY_POP: [(&str, f64); 9] = [
    ("2201", 906.7),
    ("2202", 362.4),
    ("2203", 181.5),
    ("2204", 99.7),
    ("2205", 130.2),
    ("2206", 95.1),
    ("2207", 225.3),
    ("2208", 155.1),
    ("2224", 194.2),
];

/// Provinces that send or receive many of Jilin's migrants and students get more weight.
const NEAR_PROVINCES: [(&str, f64); 11] = [
    ("21", 4.0),
    ("23", 4.0),
    ("15", 2.5),
    ("11", 2.5),
    ("12", 1.5),
    ("13", 1.5),
    ("37", 2.0),
    ("31", 1.5),
    ("32", 1.5),
    ("33", 1.5),
    ("44", 2.0),
];

/// A place where a record can be: a Jilin township or county, or another Chinese city.
#[derive(Debug, Clone)]
pub(crate) struct Spot {
    pub code: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    /// Jilin city code (4 digits), or the city code elsewhere.
    pub city: String,
    /// County code for Jilin spots.
    pub county: String,
    /// Full name of the county (for Jilin spots).
    pub county_name: String,
    /// Jitter radius in degrees.
    pub spread: f64,
    /// Relative pay level of the place.
    pub pay: f64,
    pub in_jilin: bool,
    pub is_township: bool,
}

/// All places and the weights to draw them.
#[derive(Debug)]
pub(crate) struct Places {
    pub spots: Vec<Spot>,
    /// Indices into `spots` of Jilin townships and counties.
    jilin: Vec<usize>,
    seeker_w: Weighted,
    posting_w: Weighted,
    other: Vec<usize>,
    other_w: Weighted,
    /// City code → name.
    pub city_names: BTreeMap<String, String>,
    /// Jilin spots by city code.
    pub by_city: BTreeMap<String, Vec<usize>>,
}

fn city_pay(city: &str) -> f64 {
    match city {
        "2201" => 1.12,
        "2202" => 1.0,
        "2224" => 1.0,
        "2207" => 0.96,
        "2205" => 0.94,
        _ => 0.9,
    }
}

impl Places {
    pub(crate) fn build(v: &Vocab) -> Places {
        let mut coords: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
        let mut city_names = BTreeMap::new();
        let mut full: BTreeMap<&str, &str> = BTreeMap::new();
        for d in &v.divisions {
            full.insert(&d.code, &d.full_name);
            if let Some(c) = d.coord {
                coords.insert(&d.code, c);
            }
            if d.level == Level::City {
                city_names.insert(d.code.clone(), d.name.clone());
            }
        }
        // Township counts per county, to split a county's weight.
        let mut towns_in: BTreeMap<&str, f64> = BTreeMap::new();
        let mut counties_in: BTreeMap<&str, f64> = BTreeMap::new();
        for d in &v.divisions {
            match d.level {
                Level::Township => *towns_in.entry(&d.parent).or_default() += town_weight(&d.code),
                Level::County => {
                    *counties_in.entry(&d.parent).or_default() += county_weight(&d.code, false)
                }
                _ => {}
            }
        }
        let mut spots = Vec::new();
        let mut sw = Vec::new();
        let mut pw = Vec::new();
        let mut jilin = Vec::new();
        let mut by_city: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for d in &v.divisions {
            if !matches!(d.level, Level::County | Level::Township) {
                continue;
            }
            let county = if d.level == Level::County {
                &d.code
            } else {
                &d.parent
            };
            let city = &county[..4.min(county.len())];
            let coord = coords
                .get(county.as_str())
                .or_else(|| coords.get(city))
                .copied();
            let Some((lat, lon)) = coord else { continue };
            let pop = CITY_POP
                .iter()
                .find(|(c, _)| *c == city)
                .map(|p| p.1)
                .unwrap_or(50.0);
            let cw = county_weight(county, false) / counties_in.get(city).copied().unwrap_or(1.0);
            let (w_seek, w_post, spread) = if d.level == Level::County {
                // County-level records: 25% of the county's weight.
                (0.25, 0.25, 0.01)
            } else {
                let share =
                    town_weight(&d.code) / towns_in.get(county.as_str()).copied().unwrap_or(1.0);
                let spread = if is_subdistrict(&d.code) { 0.03 } else { 0.12 };
                (0.75 * share, 0.75 * share, spread)
            };
            let dev_zone = county.len() >= 6 && &county[4..5] == "7";
            let post_city = match city {
                "2201" => 1.35,
                "2202" => 1.05,
                _ => 1.0,
            };
            let urban = county.len() >= 6 && matches!(&county[4..5], "0" | "1");
            let post_local = if dev_zone {
                2.2
            } else if urban {
                1.2
            } else {
                0.8
            };
            let pay = city_pay(city) * if urban || dev_zone { 1.0 } else { 0.92 };
            let name = if d.full_name.is_empty() {
                d.name.clone()
            } else {
                d.full_name.clone()
            };
            by_city
                .entry(city.to_string())
                .or_default()
                .push(spots.len());
            jilin.push(spots.len());
            sw.push(pop * cw * w_seek);
            pw.push(pop * cw * w_post * post_city * post_local);
            spots.push(Spot {
                code: d.code.clone(),
                name,
                lat,
                lon,
                city: city.to_string(),
                county: county.clone(),
                county_name: full.get(county.as_str()).copied().unwrap_or("").to_string(),
                spread,
                pay,
                in_jilin: true,
                is_township: d.level == Level::Township,
            });
        }
        let mut other = Vec::new();
        let mut ow = Vec::new();
        for c in &v.cities {
            let w = NEAR_PROVINCES
                .iter()
                .find(|(p, _)| c.code.starts_with(p))
                .map(|p| p.1)
                .unwrap_or(1.0);
            other.push(spots.len());
            ow.push(w);
            city_names.insert(c.code.clone(), c.full_name.clone());
            spots.push(Spot {
                code: c.code.clone(),
                name: c.full_name.clone(),
                lat: c.lat,
                lon: c.lon,
                city: c.code.clone(),
                county: c.code.clone(),
                county_name: c.full_name.clone(),
                spread: 0.05,
                pay: 1.2,
                in_jilin: false,
                is_township: false,
            });
        }
        Places {
            spots,
            seeker_w: Weighted::new(sw),
            posting_w: Weighted::new(pw),
            jilin,
            other,
            other_w: Weighted::new(ow),
            city_names,
            by_city,
        }
    }

    /// A Jilin spot drawn by where people live.
    pub(crate) fn seeker_home(&self, rng: &mut Rand) -> usize {
        self.jilin[self.seeker_w.sample(rng)]
    }

    /// A Jilin spot drawn by where jobs are.
    pub(crate) fn workplace(&self, rng: &mut Rand) -> usize {
        self.jilin[self.posting_w.sample(rng)]
    }

    /// A city outside Jilin.
    pub(crate) fn elsewhere(&self, rng: &mut Rand) -> usize {
        self.other[self.other_w.sample(rng)]
    }

    /// A jittered point near the spot, rounded to 6 decimals.
    pub(crate) fn point(&self, spot: usize, rng: &mut Rand) -> (f64, f64) {
        let s = &self.spots[spot];
        let lat = s.lat + uniform(rng, -s.spread, s.spread);
        let lon = s.lon + uniform(rng, -s.spread, s.spread) * 1.35;
        (round_to(lat, 6), round_to(lon, 6))
    }

    /// The observed location: township code mostly, sometimes the county or city; coordinates
    /// sometimes missing.
    pub(crate) fn location(
        &self,
        spot: usize,
        point: (f64, f64),
        rng: &mut Rand,
        p_coords: f64,
    ) -> Location {
        let s = &self.spots[spot];
        let (code, name) = if s.in_jilin && s.is_township && chance(rng, 0.22) {
            (s.county.clone(), s.county_name.clone())
        } else {
            (s.code.clone(), s.name.clone())
        };
        let with_coords = chance(rng, p_coords);
        Location {
            code: Some(code),
            name: Some(name),
            lat: with_coords.then_some(point.0),
            lon: with_coords.then_some(point.1),
        }
    }
}

fn is_subdistrict(code: &str) -> bool {
    code.len() >= 9 && code.as_bytes()[6] == b'0'
}

fn town_weight(code: &str) -> f64 {
    if code.len() < 9 {
        return 1.0;
    }
    match code.as_bytes()[6] {
        b'0' => 1.6,
        b'1' => 1.0,
        b'2' | b'3' => 0.45,
        _ => 0.3,
    }
}

fn county_weight(code: &str, _posting: bool) -> f64 {
    if code.len() < 6 {
        return 1.0;
    }
    match code.as_bytes()[4] {
        b'0' | b'1' => 2.2,
        b'7' => 0.5,
        _ => 1.4,
    }
}

/// Great-circle distance in km.
pub(crate) fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1) = (a.0.to_radians(), a.1.to_radians());
    let (la2, lo2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Stream;
    use crate::rng::record_rng;

    #[test]
    fn changchun_is_largest_and_points_stay_in_jilin() {
        let v = Vocab::load().expect("vocabulary");
        let p = Places::build(&v);
        let mut rng = record_rng(1, Stream::Seeker, 0);
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for _ in 0..20_000 {
            let s = p.seeker_home(&mut rng);
            *counts.entry(p.spots[s].city.clone()).or_default() += 1;
            let (lat, lon) = p.point(s, &mut rng);
            assert!((40.4..46.7).contains(&lat) && (121.2..131.6).contains(&lon));
        }
        let cc = counts["2201"] as f64 / 20_000.0;
        assert!((0.28..0.45).contains(&cc), "Changchun share {cc}");
        assert!(counts["2202"] > counts["2204"], "Jilin city above Liaoyuan");
        assert!(counts.values().all(|&c| c > 0));
    }

    #[test]
    fn distance_is_plausible() {
        // Changchun to Jilin city: about 100 km.
        let d = km((43.8148, 125.3170), (43.8356, 126.5439));
        assert!((95.0..105.0).contains(&d), "{d}");
    }
}
