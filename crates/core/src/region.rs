//! The region in use (`migraup-region`: its Ortsteile with residents and boundaries,
//! read from the configured folder) matched to the districts table by name: figures
//! per 10,000 residents, the map in the reader's language, and which Ortsteil a
//! point lies in.

use std::collections::HashMap;

use migraup_domain::{Lang, error::DomainResult, texts};
pub use migraup_region::{
    Location, Region,
    map::{Classes, Place},
};
use uuid::Uuid;

use crate::{Actor, Core, entities::organisation, views::District};

/// A profile whose coordinates lie outside the Ortsteil it names (or that names none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    pub organisation_id: Uuid,
    pub name: String,
    pub slug: String,
    /// The Ortsteil the profile names.
    pub chosen: Option<Uuid>,
    /// The Ortsteil the coordinates lie in; `None` outside the region.
    pub located: Option<Uuid>,
}

/// The organisations with coordinates whose address `actor` may see, as places.
pub(crate) fn places(actor: &Actor, organisations: &[&organisation::Model]) -> Vec<Place> {
    let role = actor.role();
    organisations
        .iter()
        .filter(|o| {
            actor.may(migraup_domain::Operation::UpdateOrganisation, Some(o.id))
                || migraup_domain::policy::can_see_field(role, o.address_visibility.0, actor.is_member(o.id))
        })
        .filter_map(|o| Some(Place { latitude: o.latitude?, longitude: o.longitude?, name: o.name.clone() }))
        .take(migraup_domain::bounds::MAP_PLACES as usize)
        .collect()
}

/// What a map counts per Ortsteil.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    Organisations,
    Offerings,
    /// Organisations new since an earlier date (the change between two dates).
    NewOrganisations,
}

/// One Ortsteil on a map.
#[derive(Clone, Debug, PartialEq)]
pub struct AreaFigure {
    pub district: District,
    /// Residents (from the region's files); `None` for an Ortsteil the files lack.
    pub residents: Option<u64>,
    pub count: u64,
    /// `count` per 10,000 residents.
    pub per_ten_thousand: Option<f64>,
    /// The map's class: 0 for nothing, else 1..=`Classes::COUNT`.
    pub class: usize,
}

/// A map and the figures it shows (the table beside it has the same).
#[derive(Clone, Debug, PartialEq)]
pub struct RegionMap {
    pub svg: String,
    pub areas: Vec<AreaFigure>,
    /// The width of a class.
    pub class_step: f64,
    /// Where the residents' figures and the boundaries come from.
    pub source: String,
}

/// What a map is to show.
pub struct MapRequest<'a> {
    /// Unique on the page.
    pub id: &'a str,
    pub measure: Measure,
    /// The count per district id (missing: 0).
    pub counts: &'a HashMap<Uuid, u64>,
    pub places: Vec<Place>,
    /// Where a click on an Ortsteil leads.
    pub href: &'a (dyn Fn(&District) -> String + Sync),
}

impl Core {
    /// The region the platform serves.
    pub fn region(&self) -> &Region {
        &self.inner.settings.region
    }

    /// The district of an area of the region (matched by name), if there is one.
    pub(crate) fn area_of(&self, district: &District) -> Option<usize> {
        self.region().area(&district.name)
    }

    /// The profiles among `organisations` whose coordinates and Ortsteil disagree.
    pub(crate) async fn district_mismatches(&self, organisations: &[&organisation::Model]) -> DomainResult<Vec<Mismatch>> {
        let districts = self.districts().await?;
        let area_of: HashMap<Uuid, Option<usize>> = districts.iter().map(|d| (d.id, self.area_of(d))).collect();
        let district_of = |area: usize| districts.iter().find(|d| d.name == self.region().areas[area].name).map(|d| d.id);
        let mut found = Vec::new();
        for o in organisations {
            let (Some(latitude), Some(longitude)) = (o.latitude, o.longitude) else { continue };
            let location = self.region().locate(longitude, latitude);
            match o.district_id.map(|d| area_of.get(&d).copied().flatten()) {
                // An Ortsteil without boundaries (added by admins): nothing to compare.
                Some(None) => continue,
                Some(Some(area)) if location.fits(area) => continue,
                _ => {}
            }
            found.push(Mismatch {
                organisation_id: o.id,
                name: o.name.clone(),
                slug: o.slug.clone(),
                chosen: o.district_id,
                located: location.proposed().and_then(district_of),
            });
        }
        found.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(found)
    }

    /// The Ortsteil a point lies in, as a district, and whether it lies on a border.
    pub async fn locate_district(&self, latitude: f64, longitude: f64) -> DomainResult<Option<(District, bool)>> {
        let location = self.region().locate(longitude, latitude);
        let Some(area) = location.proposed() else { return Ok(None) };
        let name = &self.region().areas[area].name;
        Ok(self.districts().await?.into_iter().find(|d| d.name == *name).map(|d| (d, matches!(location, Location::OnBorder(_)))))
    }

    /// The map of `request.counts` per 10,000 residents, drawn for `lang`.
    pub async fn region_map(&self, lang: Lang, request: MapRequest<'_>) -> DomainResult<RegionMap> {
        let region = self.region();
        let districts = self.districts().await?;
        let per = |count: u64, residents: Option<u64>| residents.filter(|r| *r > 0).map(|r| count as f64 * 10_000.0 / r as f64);
        let mut areas: Vec<AreaFigure> = districts
            .into_iter()
            .map(|district| {
                let count = request.counts.get(&district.id).copied().unwrap_or(0);
                let residents = self.area_of(&district).map(|a| region.areas[a].residents);
                AreaFigure { per_ten_thousand: per(count, residents), district, residents, count, class: 0 }
            })
            .collect();
        let classes = Classes::for_values(areas.iter().filter_map(|a| a.per_ten_thousand));
        for a in &mut areas {
            a.class = classes.of(a.per_ten_thousand.unwrap_or(0.0));
        }
        let (title, legend, each) = match request.measure {
            Measure::Organisations => ("map_title_organisations", "map_legend_organisations", "map_area_organisations"),
            Measure::Offerings => ("map_title_offerings", "map_legend_offerings", "map_area_offerings"),
            Measure::NewOrganisations => ("map_title_new_organisations", "map_legend_new_organisations", "map_area_new_organisations"),
        };
        let figures: Vec<migraup_region::map::Figure> = areas
            .iter()
            .filter_map(|a| {
                let area = self.area_of(&a.district)?;
                let figure = a.per_ten_thousand.unwrap_or(0.0);
                let shown = texts::decimal(lang, figure, 1);
                Some(migraup_region::map::Figure {
                    area,
                    value: figure,
                    label: texts::decimal(lang, a.count as f64, 0),
                    description: texts::count(lang, each, a.count, &[("name", &a.district.name), ("figure", &shown)]),
                    href: Some((request.href)(&a.district)),
                })
            })
            .collect();
        let source = texts::fill(lang, "map_source", &[("residents", &region.residents_source), ("boundaries", &region.boundaries_source)]);
        let svg = migraup_region::map::draw(
            region,
            &migraup_region::map::Map {
                id: request.id,
                title: texts::text(lang, title),
                legend_title: texts::text(lang, legend),
                none_label: texts::text(lang, "map_none"),
                figures: &figures,
                places: &request.places,
                source: &source,
                number: &|v| texts::decimal(lang, v, if classes.step < 1.0 { 2 } else { 1 }),
            },
        );
        Ok(RegionMap { svg, areas, class_step: classes.step, source })
    }
}
