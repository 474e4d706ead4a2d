//! The United States as a second region tree beside China's, for the
//! complaints replayed from the CFPB database: `900000` is the country and
//! each state is `90` + its FIPS code + `00` (see data/regions/SOURCE.md).

use sea_orm_migration::prelude::*;
use serde::Deserialize;

use crate::m0001_regions_and_associations::Regions;

const US_STATES: &str = include_str!("../data/regions/us_states.json");

/// The code of the United States' root region.
pub const UNITED_STATES: &str = "900000";

#[derive(Deserialize)]
struct State {
    fips: String,
    name: String,
}

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let states: Vec<State> = serde_json::from_str(US_STATES)
            .map_err(|e| DbErr::Custom(format!("US state data: {e}")))?;

        let mut insert = Query::insert();
        insert.into_table(Regions::Table).columns([
            Regions::Code,
            Regions::Name,
            Regions::Level,
            Regions::ParentCode,
        ]);
        insert.values_panic([
            UNITED_STATES.into(),
            "美国 United States".into(),
            "national".into(),
            Option::<String>::None.into(),
        ]);
        for state in states {
            insert.values_panic([
                format!("90{}00", state.fips).into(),
                state.name.into(),
                "city".into(),
                Some(UNITED_STATES.to_owned()).into(),
            ]);
        }
        manager.exec_stmt(insert).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let delete = Query::delete()
            .from_table(Regions::Table)
            .and_where(Expr::col(Regions::Code).like("90%"))
            .to_owned();
        manager.exec_stmt(delete).await
    }
}
