//! Reference data loaded by migrations: the division tree and the national and
//! provincial associations.

use sea_orm_migration::prelude::*;
use serde::Deserialize;

use crate::m0001_regions_and_associations::{Associations, Regions};

/// The code of the root region, the whole country.
pub const NATIONAL_REGION: &str = "000000";

const PROVINCES: &str = include_str!("../data/divisions/provinces.json");
const CITIES: &str = include_str!("../data/divisions/cities.json");
const AREAS: &str = include_str!("../data/divisions/areas.json");

/// Rows per INSERT statement; keeps each statement well under SQLite's
/// bound-parameter limit.
const BATCH: usize = 200;

#[derive(Deserialize)]
struct Division {
    code: String,
    name: String,
}

struct RegionRow {
    code: String,
    name: String,
    level: &'static str,
    parent: Option<String>,
}

pub async fn regions(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let rows = region_rows().map_err(|e| DbErr::Custom(format!("division data: {e}")))?;

    for chunk in rows.chunks(BATCH) {
        let mut insert = Query::insert();
        insert.into_table(Regions::Table).columns([
            Regions::Code,
            Regions::Name,
            Regions::Level,
            Regions::ParentCode,
        ]);
        for row in chunk {
            insert.values_panic([
                row.code.clone().into(),
                row.name.clone().into(),
                row.level.into(),
                row.parent.clone().into(),
            ]);
        }
        manager.exec_stmt(insert).await?;
    }
    Ok(())
}

fn region_rows() -> Result<Vec<RegionRow>, serde_json::Error> {
    let mut rows = vec![RegionRow {
        code: NATIONAL_REGION.to_owned(),
        name: "中华人民共和国".to_owned(),
        level: "national",
        parent: None,
    }];

    for p in serde_json::from_str::<Vec<Division>>(PROVINCES)? {
        rows.push(RegionRow {
            code: format!("{}0000", p.code),
            name: p.name,
            level: "province",
            parent: Some(NATIONAL_REGION.to_owned()),
        });
    }
    for c in serde_json::from_str::<Vec<Division>>(CITIES)? {
        rows.push(RegionRow {
            parent: Some(format!("{}0000", &c.code[..2])),
            code: format!("{}00", c.code),
            name: c.name,
            level: "city",
        });
    }
    // A city without counties (东莞市 4419) lists itself once more as a
    // pseudo-county with the city's own six-digit code; keep the city only.
    let cities: std::collections::HashSet<String> = rows.iter().map(|r| r.code.clone()).collect();
    for a in serde_json::from_str::<Vec<Division>>(AREAS)? {
        if cities.contains(&a.code) {
            continue;
        }
        rows.push(RegionRow {
            parent: Some(format!("{}00", &a.code[..4])),
            code: a.code,
            name: a.name,
            level: "county",
        });
    }
    Ok(rows)
}

pub async fn associations(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let now = chrono::Utc::now();
    let national = uuid::Uuid::now_v7();
    let provinces: Vec<Division> = serde_json::from_str(PROVINCES)
        .map_err(|e| DbErr::Custom(format!("division data: {e}")))?;

    let mut insert = Query::insert();
    insert.into_table(Associations::Table).columns([
        Associations::Id,
        Associations::Name,
        Associations::RegionCode,
        Associations::Level,
        Associations::ParentId,
        Associations::CreatedAt,
        Associations::UpdatedAt,
    ]);
    insert.values_panic([
        national.into(),
        "中国消费者协会".into(),
        NATIONAL_REGION.into(),
        "national".into(),
        Option::<uuid::Uuid>::None.into(),
        now.into(),
        now.into(),
    ]);
    for p in provinces {
        insert.values_panic([
            uuid::Uuid::now_v7().into(),
            format!("{}消费者协会", p.name).into(),
            format!("{}0000", p.code).into(),
            "province".into(),
            Some(national).into(),
            now.into(),
            now.into(),
        ]);
    }
    manager.exec_stmt(insert).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pseudo_counties() -> usize {
        let areas: Vec<Division> = serde_json::from_str(AREAS).unwrap();
        areas.iter().filter(|a| a.code.ends_with("00")).count()
    }

    #[test]
    fn every_region_hangs_below_an_existing_region() {
        let rows = region_rows().unwrap();
        let codes: std::collections::HashSet<_> = rows.iter().map(|r| r.code.as_str()).collect();

        let orphans: Vec<_> = rows
            .iter()
            .filter(|r| r.parent.as_deref().is_some_and(|p| !codes.contains(p)))
            .map(|r| r.code.as_str())
            .collect();

        assert_eq!(rows.len(), 1 + 31 + 342 + 2978 - pseudo_counties());
        assert!(orphans.is_empty(), "regions without parent: {orphans:?}");
        assert_eq!(codes.len(), rows.len(), "region codes must be unique");
    }
}
