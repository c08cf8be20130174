//! The region the platform serves, as data: its areas (for Pankow the 13 Ortsteile)
//! with their residents and boundaries, read from one folder of files, so another
//! district or city runs the platform by supplying its own folder.
//!
//! A folder holds `region.json` (the region's name, which file has the residents and
//! which the boundaries, in which columns and properties, and where each comes from),
//! a CSV of residents per area and a GeoJSON FeatureCollection of the areas' polygons
//! (WGS 84). The Pankow folder (`data/pankow`) is compiled in as the default.
//!
//! Which area a point lies in is `geo`'s (`CoordinatePosition`); the map of the areas
//! is [`map`].

pub mod map;

use std::{fmt, path::Path};

use geo::{
    Coord, InteriorPoint, MultiPolygon,
    coordinate_position::{CoordPos, CoordinatePosition},
};
use serde::Deserialize;

/// Why a region's folder cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RegionError {
    #[error("{file}: {message}")]
    File { file: String, message: String },
    #[error("area {0:?} has residents but no boundary, or a boundary but no residents")]
    Unmatched(String),
    #[error("the region has no areas")]
    Empty,
}

fn file_error(file: &str, message: impl fmt::Display) -> RegionError {
    RegionError::File { file: file.to_owned(), message: message.to_string() }
}

/// `region.json`.
#[derive(Deserialize)]
struct Description {
    name: String,
    residents: ResidentsFile,
    boundaries: BoundariesFile,
}

#[derive(Deserialize)]
struct ResidentsFile {
    file: String,
    name_column: String,
    residents_column: String,
    source: String,
}

#[derive(Deserialize)]
struct BoundariesFile {
    file: String,
    name_property: String,
    source: String,
}

/// One area of the region (an Ortsteil).
#[derive(Clone, Debug)]
pub struct Area {
    pub name: String,
    pub residents: u64,
    /// Longitude and latitude (WGS 84).
    pub shape: MultiPolygon<f64>,
}

/// Where a point lies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// Inside one area (its index in [`Region::areas`]).
    Inside(usize),
    /// On the border of these areas.
    OnBorder(Vec<usize>),
    Outside,
}

impl Location {
    /// The area to propose: the one it lies in, or the first whose border it is on.
    pub fn proposed(&self) -> Option<usize> {
        match self {
            Location::Inside(i) => Some(*i),
            Location::OnBorder(areas) => areas.first().copied(),
            Location::Outside => None,
        }
    }

    /// Whether the point may be said to lie in area `i` (on its border counts).
    pub fn fits(&self, i: usize) -> bool {
        match self {
            Location::Inside(a) => *a == i,
            Location::OnBorder(areas) => areas.contains(&i),
            Location::Outside => false,
        }
    }
}

/// A region: its name, its areas sorted by name, and the sources of its figures.
#[derive(Clone, Debug)]
pub struct Region {
    pub name: String,
    pub areas: Vec<Area>,
    /// Where the residents' figures come from; shown wherever a figure per resident is.
    pub residents_source: String,
    /// Where the boundaries come from (their licence asks to name it on every map).
    pub boundaries_source: String,
}

const PANKOW: [(&str, &str); 3] = [
    ("region.json", include_str!("../data/pankow/region.json")),
    ("ortsteile-zensus-2022.csv", include_str!("../data/pankow/ortsteile-zensus-2022.csv")),
    ("ortsteile.geojson", include_str!("../data/pankow/ortsteile.geojson")),
];

impl Region {
    /// Berlin-Pankow's 13 Ortsteile (Zensus 2022), the default.
    pub fn pankow() -> Region {
        Region::from_files(|name| {
            PANKOW.iter().find(|(n, _)| *n == name).map(|(_, text)| (*text).to_owned()).ok_or_else(|| file_error(name, "missing"))
        })
        .expect("the compiled-in Pankow region is valid")
    }

    /// The region described by `dir/region.json`.
    pub fn load(dir: &Path) -> Result<Region, RegionError> {
        Region::from_files(|name| {
            // Only files in the folder itself, never a path elsewhere.
            if name.contains('/') || name.contains('\\') || name.starts_with('.') {
                return Err(file_error(name, "must be a file name in the region's folder"));
            }
            std::fs::read_to_string(dir.join(name)).map_err(|e| file_error(&dir.join(name).display().to_string(), e))
        })
    }

    fn from_files(read: impl Fn(&str) -> Result<String, RegionError>) -> Result<Region, RegionError> {
        let description: Description = serde_json::from_str(&read("region.json")?).map_err(|e| file_error("region.json", e))?;
        let residents = read_residents(&description.residents, &read(&description.residents.file)?)?;
        let shapes = read_boundaries(&description.boundaries, &read(&description.boundaries.file)?)?;
        let mut areas = Vec::new();
        for (name, residents) in residents {
            let (_, shape) = shapes.iter().find(|(n, _)| *n == name).ok_or_else(|| RegionError::Unmatched(name.clone()))?;
            areas.push(Area { name, residents, shape: shape.clone() });
        }
        if let Some((name, _)) = shapes.iter().find(|(n, _)| !areas.iter().any(|a| a.name == *n)) {
            return Err(RegionError::Unmatched(name.clone()));
        }
        if areas.is_empty() {
            return Err(RegionError::Empty);
        }
        areas.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Region {
            name: description.name,
            areas,
            residents_source: description.residents.source,
            boundaries_source: description.boundaries.source,
        })
    }

    /// The area called `name`.
    pub fn area(&self, name: &str) -> Option<usize> {
        self.areas.iter().position(|a| a.name == name)
    }

    /// The `n`-th of a few points well inside area `i` (longitude, latitude): its interior
    /// point, moved a little around it while that stays inside (demo places).
    pub fn point_inside(&self, i: usize, n: usize) -> Option<(f64, f64)> {
        let centre = self.areas.get(i)?.shape.interior_point()?;
        let angle = n as f64 * 2.4;
        let distance = 0.0015 * (1 + n % 4) as f64;
        let moved = (centre.x() + distance * angle.cos(), centre.y() + distance * angle.sin() * 0.6);
        Some(if matches!(self.locate(moved.0, moved.1), Location::Inside(a) if a == i) { moved } else { (centre.x(), centre.y()) })
    }

    /// Which area the point (WGS 84) lies in.
    pub fn locate(&self, longitude: f64, latitude: f64) -> Location {
        let point = Coord { x: longitude, y: latitude };
        let mut border = Vec::new();
        for (i, area) in self.areas.iter().enumerate() {
            match area.shape.coordinate_position(&point) {
                CoordPos::Inside => return Location::Inside(i),
                CoordPos::OnBoundary => border.push(i),
                CoordPos::Outside => {}
            }
        }
        if border.is_empty() { Location::Outside } else { Location::OnBorder(border) }
    }
}

fn read_residents(file: &ResidentsFile, text: &str) -> Result<Vec<(String, u64)>, RegionError> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| file_error(&file.file, e))?.clone();
    let column = |name: &str| headers.iter().position(|h| h == name).ok_or_else(|| file_error(&file.file, format!("no column {name:?}")));
    let (name_at, residents_at) = (column(&file.name_column)?, column(&file.residents_column)?);
    let mut rows = Vec::new();
    for (line, record) in reader.records().enumerate() {
        let record = record.map_err(|e| file_error(&file.file, e))?;
        let name = record.get(name_at).unwrap_or_default().trim().to_owned();
        let residents = record
            .get(residents_at)
            .unwrap_or_default()
            .trim()
            .parse::<u64>()
            .map_err(|_| file_error(&file.file, format!("line {}: residents must be a whole number", line + 2)))?;
        if name.is_empty() || rows.iter().any(|(n, _)| *n == name) {
            return Err(file_error(&file.file, format!("line {}: a name missing or given twice", line + 2)));
        }
        rows.push((name, residents));
    }
    Ok(rows)
}

fn read_boundaries(file: &BoundariesFile, text: &str) -> Result<Vec<(String, MultiPolygon<f64>)>, RegionError> {
    let geojson: geojson::GeoJson = text.parse().map_err(|e| file_error(&file.file, e))?;
    let geojson::GeoJson::FeatureCollection(collection) = geojson else {
        return Err(file_error(&file.file, "must be a FeatureCollection"));
    };
    let mut shapes = Vec::new();
    for feature in collection.features {
        let name = feature
            .property(&file.name_property)
            .and_then(|v| v.as_str())
            .ok_or_else(|| file_error(&file.file, format!("a feature without the property {:?}", file.name_property)))?
            .to_owned();
        let geometry = feature.geometry.ok_or_else(|| file_error(&file.file, format!("{name}: no geometry")))?;
        let shape = match geo::Geometry::<f64>::try_from(geometry.value).map_err(|e| file_error(&file.file, e))? {
            geo::Geometry::Polygon(p) => MultiPolygon::new(vec![p]),
            geo::Geometry::MultiPolygon(m) => m,
            _ => return Err(file_error(&file.file, format!("{name}: not a polygon"))),
        };
        shapes.push((name, shape));
    }
    Ok(shapes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pankow_has_its_thirteen_ortsteile() {
        let pankow = Region::pankow();
        assert_eq!(pankow.name, "Pankow");
        assert_eq!(pankow.areas.len(), 13);
        assert_eq!(pankow.areas.iter().map(|a| a.residents).sum::<u64>(), 400_396, "the sum the data's README gives");
        let buch = &pankow.areas[pankow.area("Buch").expect("Buch")];
        assert_eq!(buch.residents, 16_399);
    }

    #[test]
    fn points_in_out_and_on_the_border() {
        let pankow = Region::pankow();
        let name = |l: &Location| l.proposed().map(|i| pankow.areas[i].name.as_str());
        // Helios-Klinikum Buch; the Kulturbrauerei in Prenzlauer Berg; Alexanderplatz (Mitte).
        assert_eq!(name(&pankow.locate(13.4906, 52.6282)), Some("Buch"));
        assert_eq!(name(&pankow.locate(13.4133, 52.5389)), Some("Prenzlauer Berg"));
        assert_eq!(pankow.locate(13.4132, 52.5219), Location::Outside);
        // A vertex of Prenzlauer Berg's ring lies on its border (and on a neighbour's).
        let on = pankow.locate(13.397122, 52.55827);
        let Location::OnBorder(areas) = &on else { panic!("{on:?}") };
        assert!(on.fits(pankow.area("Prenzlauer Berg").expect("area")), "{areas:?}");
        for i in 0..pankow.areas.len() {
            for n in 0..6 {
                let (x, y) = pankow.point_inside(i, n).expect("a point");
                assert_eq!(pankow.locate(x, y), Location::Inside(i), "{} {n}", pankow.areas[i].name);
            }
        }
    }

    #[test]
    fn a_folder_names_its_files_and_they_must_agree() {
        let dir = std::env::temp_dir().join(format!("migraup-region-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let square = |x: f64| format!("[[[{x},0],[{},0],[{},1],[{x},1],[{x},0]]]", x + 1.0, x + 1.0);
        std::fs::write(
            dir.join("region.json"),
            r#"{"name":"Musterstadt","residents":{"file":"r.csv","name_column":"area","residents_column":"people","source":"Zählung"},
                "boundaries":{"file":"b.geojson","name_property":"title","source":"Vermessung"}}"#,
        )
        .expect("write");
        std::fs::write(dir.join("r.csv"), "area,people\nWest,1000\nOst,3000\n").expect("write");
        let features = |names: &[(&str, f64)]| {
            let f: Vec<String> = names
                .iter()
                .map(|(n, x)| {
                    format!(
                        r#"{{"type":"Feature","properties":{{"title":"{n}"}},"geometry":{{"type":"Polygon","coordinates":{}}}}}"#,
                        square(*x)
                    )
                })
                .collect();
            format!(r#"{{"type":"FeatureCollection","features":[{}]}}"#, f.join(","))
        };
        std::fs::write(dir.join("b.geojson"), features(&[("West", 0.0), ("Ost", 1.0)])).expect("write");
        let region = Region::load(&dir).expect("region");
        assert_eq!(region.areas.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), ["Ost", "West"]);
        assert_eq!(region.locate(1.5, 0.5), Location::Inside(0));
        assert_eq!(region.locate(1.0, 0.5), Location::OnBorder(vec![0, 1]));
        assert_eq!(region.locate(5.0, 0.5), Location::Outside);
        std::fs::write(dir.join("b.geojson"), features(&[("West", 0.0), ("Nord", 1.0)])).expect("write");
        assert!(matches!(Region::load(&dir), Err(RegionError::Unmatched(n)) if n == "Ost"));
        std::fs::write(dir.join("region.json"), r#"{"name":"X","residents":{"file":"../r.csv","name_column":"a","residents_column":"b","source":""},"boundaries":{"file":"b.geojson","name_property":"t","source":""}}"#).expect("write");
        assert!(matches!(Region::load(&dir), Err(RegionError::File { .. })));
        std::fs::remove_dir_all(&dir).expect("clean");
    }
}
