//! The map of a region's areas as SVG: a choropleth of a figure per area (organisations
//! or offerings per 10,000 residents) in classes of equal width, areas with nothing
//! hatched, the count of each area written on it (the colour is never the only
//! carrier), points for places, a legend and the source. Drawn on the server, so it
//! needs no tile server, no request to a third party and no script, and prints.

use std::fmt::Write;

use geo::{BoundingRect, Coord, InteriorPoint, MapCoords, MultiPolygon, Simplify};

use migraup_domain::html::escape;

use crate::Region;

/// Classes of equal width over (0, max]; 0 is a class of its own (nothing there).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Classes {
    /// The width of a class, a round number (1, 2, 2.5 or 5 times a power of ten).
    pub step: f64,
}

impl Classes {
    /// How many classes above zero.
    pub const COUNT: usize = 4;

    /// Classes for these values.
    pub fn for_values(values: impl IntoIterator<Item = f64>) -> Classes {
        let max = values.into_iter().fold(0.0f64, f64::max);
        if max <= 0.0 || !max.is_finite() {
            return Classes { step: 1.0 };
        }
        let raw = max / Self::COUNT as f64;
        let magnitude = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * magnitude).find(|s| *s >= raw * (1.0 - 1e-9)).unwrap_or(10.0 * magnitude);
        Classes { step }
    }

    /// The class of a value: 0 for nothing, else 1..=COUNT.
    pub fn of(&self, value: f64) -> usize {
        if value <= 0.0 { 0 } else { ((value / self.step - 1e-9).ceil() as usize).clamp(1, Self::COUNT) }
    }

    /// The bounds of class `k` (1..=COUNT): above the first, up to the second.
    pub fn bounds(&self, k: usize) -> (f64, f64) {
        ((k as f64 - 1.0) * self.step, k as f64 * self.step)
    }
}

/// Fill colours of the classes: hatched for nothing, then ColorBrewer's "Blues"
/// (sequential, readable for colour-blind people and in grey print).
const FILLS: [&str; Classes::COUNT] = ["#c6dbef", "#6baed6", "#2171b5", "#08306b"];

/// One area's figure.
#[derive(Clone, Debug)]
pub struct Figure {
    /// Index into [`Region::areas`].
    pub area: usize,
    /// What the classes are of (per 10,000 residents).
    pub value: f64,
    /// Written on the area under its name (the count).
    pub label: String,
    /// The link's name for screen readers and the tooltip: area, count, figure.
    pub description: String,
    /// Where a click leads (the directory filtered to the area).
    pub href: Option<String>,
}

/// A place drawn as a point.
#[derive(Clone, Debug)]
pub struct Place {
    pub longitude: f64,
    pub latitude: f64,
    pub name: String,
}

/// What a map shows and says, in the reader's language.
pub struct Map<'a> {
    /// Unique on the page (ids inside the SVG are prefixed with it).
    pub id: &'a str,
    pub title: &'a str,
    pub legend_title: &'a str,
    /// The class of zero ("nothing").
    pub none_label: &'a str,
    pub figures: &'a [Figure],
    pub places: &'a [Place],
    /// A line under the map (the sources).
    pub source: &'a str,
    /// Formats a class bound in the reader's language.
    pub number: &'a dyn Fn(f64) -> String,
}

const WIDTH: f64 = 600.0;

/// Longitude and latitude to the drawing's pixels: an equirectangular projection at
/// the region's middle latitude (at the scale of a city, the difference to a
/// conformal one is invisible), north up.
struct Projection {
    west: f64,
    north: f64,
    scale_x: f64,
    scale_y: f64,
    height: f64,
}

impl Projection {
    fn of(region: &Region) -> Projection {
        let all = MultiPolygon::new(region.areas.iter().flat_map(|a| a.shape.0.iter().cloned()).collect());
        let bounds = all.bounding_rect().unwrap_or_else(|| geo::Rect::new(Coord { x: 0.0, y: 0.0 }, Coord { x: 1.0, y: 1.0 }));
        let middle = ((bounds.min().y + bounds.max().y) / 2.0).to_radians();
        let width_deg = (bounds.width() * middle.cos()).max(1e-9);
        let scale = WIDTH / width_deg;
        Projection {
            west: bounds.min().x,
            north: bounds.max().y,
            scale_x: scale * middle.cos(),
            scale_y: scale,
            height: (bounds.height() * scale).ceil(),
        }
    }

    fn point(&self, longitude: f64, latitude: f64) -> Coord<f64> {
        Coord { x: (longitude - self.west) * self.scale_x, y: (self.north - latitude) * self.scale_y }
    }
}

/// A path of rings in pixels, rounded to tenths (the drawing's bytes).
fn path(shape: &MultiPolygon<f64>) -> String {
    let mut d = String::new();
    let mut ring = |line: &geo::LineString<f64>| {
        for (i, c) in line.0.iter().enumerate() {
            let _ = write!(d, "{}{:.1} {:.1}", if i == 0 { "M" } else { "L" }, c.x, c.y);
        }
        d.push('Z');
    };
    for polygon in &shape.0 {
        ring(polygon.exterior());
        polygon.interiors().iter().for_each(&mut ring);
    }
    d
}

/// The map as one `<svg>` element.
pub fn draw(region: &Region, map: &Map) -> String {
    let projection = Projection::of(region);
    let classes = Classes::for_values(map.figures.iter().map(|f| f.value));
    let id = escape(map.id);
    let legend_top = projection.height + 16.0;
    let legend_rows = Classes::COUNT + 1;
    // The source under the legend, in lines that fit the width (about 100 characters
    // of 11 px type).
    let mut lines: Vec<String> = Vec::new();
    for word in map.source.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= 100 => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    let source_top = legend_top + 26.0 + 22.0 * legend_rows as f64 + 14.0;
    let height = source_top + 13.0 * lines.len() as f64;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="region-map" viewBox="0 0 {WIDTH} {height:.0}" role="group" aria-labelledby="{id}-title"><title id="{id}-title">{}</title><defs><pattern id="{id}-none" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#8a8a8a" stroke-width="2"/></pattern></defs>"##,
        escape(map.title)
    );
    let fill = |class: usize| if class == 0 { format!("url(#{id}-none)") } else { FILLS[class - 1].to_owned() };
    // Areas: each a link with its figure named.
    svg.push_str(r##"<g class="areas" stroke="#1f2933" stroke-width="1" stroke-linejoin="round">"##);
    let mut labels = String::new();
    for figure in map.figures {
        let Some(area) = region.areas.get(figure.area) else { continue };
        // Simplified in pixels: half a pixel is invisible and saves most of the bytes.
        let shape = area.shape.map_coords(|c| projection.point(c.x, c.y)).simplify(0.5);
        let shape_path = format!(
            r#"<path d="{}" fill="{}"><title>{}</title></path>"#,
            path(&shape),
            fill(classes.of(figure.value)),
            escape(&figure.description)
        );
        match &figure.href {
            Some(href) => {
                let _ = write!(svg, r#"<a href="{}" aria-label="{}">{shape_path}</a>"#, escape(href), escape(&figure.description));
            }
            None => svg.push_str(&shape_path),
        }
        if let Some(at) = shape.interior_point() {
            let _ = write!(
                labels,
                r#"<text x="{x:.0}" y="{y:.0}"><tspan x="{x:.0}" dy="-0.2em">{}</tspan><tspan x="{x:.0}" dy="1.15em" font-weight="700">{}</tspan></text>"#,
                escape(&area.name),
                escape(&figure.label),
                x = at.x(),
                y = at.y(),
            );
        }
    }
    svg.push_str("</g>");
    if !map.places.is_empty() {
        svg.push_str(r##"<g class="places" pointer-events="none" fill="#d9480f" stroke="#fff" stroke-width="1">"##);
        for place in map.places {
            let at = projection.point(place.longitude, place.latitude);
            let _ = write!(svg, r#"<circle cx="{:.1}" cy="{:.1}" r="3.5"><title>{}</title></circle>"#, at.x, at.y, escape(&place.name));
        }
        svg.push_str("</g>");
    }
    // Names and counts above the points, white-rimmed so they read on every fill; a
    // click on them reaches the area's link below.
    let _ = write!(
        svg,
        r##"<g class="labels" aria-hidden="true" pointer-events="none" font-size="11" text-anchor="middle" fill="#111" stroke="#fff" stroke-width="3" paint-order="stroke">{labels}</g>"##
    );
    // The legend.
    let _ = write!(
        svg,
        r##"<g class="legend" font-size="13" fill="#111"><text x="0" y="{:.0}" font-weight="700">{}</text>"##,
        legend_top + 14.0,
        escape(map.legend_title)
    );
    for k in 0..legend_rows {
        let y = legend_top + 26.0 + 22.0 * k as f64;
        let text = if k == 0 {
            map.none_label.to_owned()
        } else {
            let (low, high) = classes.bounds(k);
            format!("{} – {}", (map.number)(low), (map.number)(high))
        };
        let _ = write!(
            svg,
            r##"<rect x="0" y="{y:.0}" width="28" height="16" fill="{}" stroke="#1f2933"/><text x="36" y="{:.0}">{}</text>"##,
            fill(k),
            y + 13.0,
            escape(&text)
        );
    }
    let _ = write!(svg, r##"</g><text x="0" y="{source_top:.0}" font-size="11" fill="#444">"##);
    for (i, line) in lines.iter().enumerate() {
        let _ = write!(svg, r#"<tspan x="0" dy="{}">{}</tspan>"#, if i == 0 { "0" } else { "1.2em" }, escape(line));
    }
    svg.push_str("</text></svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_have_round_bounds() {
        let c = Classes::for_values([0.0, 3.0, 9.7]);
        assert_eq!(c.step, 2.5);
        assert_eq!([0.0, 0.1, 2.5, 2.6, 5.0, 7.4, 9.7, 12.0].map(|v| c.of(v)), [0, 1, 1, 2, 2, 3, 4, 4]);
        assert_eq!(Classes::for_values([0.0]).of(0.0), 0);
        assert_eq!(Classes::for_values([40.0]).step, 10.0);
        assert_eq!(Classes::for_values([0.3]).step, 0.1);
    }

    #[test]
    fn the_map_names_every_area_and_its_count() {
        let pankow = Region::pankow();
        let figures: Vec<Figure> = pankow
            .areas
            .iter()
            .enumerate()
            .map(|(i, a)| Figure {
                area: i,
                value: i as f64,
                label: format!("{i}"),
                description: format!("{}: {i}", a.name),
                href: Some(format!("/organisations?districts={i}&x=<1>")),
            })
            .collect();
        let svg = draw(
            &pankow,
            &Map {
                id: "m",
                title: "Karte",
                legend_title: "je 10.000",
                none_label: "keine",
                figures: &figures,
                places: &[Place { longitude: 13.49, latitude: 52.63, name: "A & B".into() }],
                source: "Zensus",
                number: &|v| format!("{v}"),
            },
        );
        assert_eq!(svg.matches("<path ").count(), 13);
        assert_eq!(svg.matches("<a href=").count(), 13);
        for a in &pankow.areas {
            assert!(svg.contains(&format!(">{}</tspan>", escape(&a.name))), "{}", a.name);
        }
        assert!(svg.contains("&amp;x=&lt;1&gt;") && svg.contains("<title>A &amp; B</title>"));
        assert!(svg.contains(r#"fill="url(#m-none)""#), "the area with 0 is hatched");
        assert!(svg.len() < 40_000, "{} bytes", svg.len());
    }
}
