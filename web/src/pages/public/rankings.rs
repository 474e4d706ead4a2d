//! `/rankings`: businesses ranked by the complaint-handling index, for an
//! industry, a province and a period chosen in the URL.

use chrono::{Datelike, NaiveDate};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::client::encode;
use shared::records::{RankedBusiness, Ranking, RankingOrder, RankingQuery};

use super::display;
use super::paging::Paged;
use super::search_query::{parse, wire};
use super::widgets::{Choice, Empty, Loading, SelectField, category_choices, province_choices};
use crate::api::public;
use crate::components::error_notice::ErrorNotice;
use crate::components::province_map::region_label;
use crate::i18n::{I18n, Key};

/// Businesses per page.
const PAGE_SIZE: u32 = 50;

/// The choices as they stand in the URL (`industry`, `region`, `year`, `order`).
#[derive(Clone, Debug, Default, PartialEq)]
struct Choices {
    industry: String,
    region: String,
    year: String,
    order: String,
}

impl Choices {
    fn href(&self) -> String {
        let pairs: Vec<String> = [
            ("industry", &self.industry),
            ("region", &self.region),
            ("year", &self.year),
            ("order", &self.order),
        ]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(name, value)| format!("{name}={}", encode(value)))
        .collect();
        if pairs.is_empty() {
            "/rankings".to_owned()
        } else {
            format!("/rankings?{}", pairs.join("&"))
        }
    }

    /// The API query: the last twelve months unless a calendar year is
    /// chosen, which ends today while it is the current one.
    fn query(&self, today: Option<NaiveDate>) -> RankingQuery {
        let (period_from, period_to) = year_range(&self.year, today);
        RankingQuery {
            period_from,
            period_to,
            industry: Some(self.industry.clone()).filter(|it| !it.is_empty()),
            region: Some(self.region.clone()).filter(|it| !it.is_empty()),
            order: parse::<RankingOrder>(&self.order),
            cursor: None,
            limit: Some(PAGE_SIZE),
        }
    }
}

/// The first and last day of the calendar year `year`, the last being no
/// later than `today`; none for anything that is not a year.
fn year_range(year: &str, today: Option<NaiveDate>) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let Ok(year) = year.parse::<i32>() else {
        return (None, None);
    };
    let first = NaiveDate::from_ymd_opt(year, 1, 1);
    let last = NaiveDate::from_ymd_opt(year, 12, 31);
    let last = match (last, today) {
        (Some(last), Some(today)) => Some(last.min(today)),
        (last, _) => last,
    };
    (first, last)
}

/// The last three calendar years, and the year in the URL when it is older.
fn year_choices(today: Option<NaiveDate>, chosen: &str) -> Vec<Choice> {
    let this_year = today.map_or(2026, |today| today.year());
    let mut years: Vec<i32> = (0..3).map(|back| this_year - back).collect();
    if let Ok(chosen) = chosen.parse::<i32>()
        && !years.contains(&chosen)
    {
        years.push(chosen);
    }
    years
        .into_iter()
        .map(|year| (year.to_string(), year.to_string()))
        .collect()
}

/// Today in China, by the browser's clock.
fn today() -> Option<NaiveDate> {
    display::today_from_millis(js_sys::Date::now())
}

/// The selectors and the ranking they pick.
#[component]
pub fn RankingsPage() -> impl IntoView {
    let i18n = I18n::expect();
    let params = use_query_map();
    let choices = Memo::new(move |_| {
        params.with(|params| Choices {
            industry: params.get("industry").unwrap_or_default(),
            region: params.get("region").unwrap_or_default(),
            year: params.get("year").unwrap_or_default(),
            order: params.get("order").unwrap_or_default(),
        })
    });

    view! {
        <section class="public wide">
            <h1>{move || i18n.tr(Key::PubRankingsTitle)}</h1>
            <p class="intro">{move || i18n.tr(Key::PubRankingsIntro)}</p>
            <RankingForm choices/>
            {move || view! { <RankingResults query=choices.get().query(today())/> }}
        </section>
    }
}

#[component]
fn RankingForm(choices: Memo<Choices>) -> impl IntoView {
    let i18n = I18n::expect();
    let navigate = use_navigate();
    let industry = RwSignal::new(String::new());
    let region = RwSignal::new(String::new());
    let year = RwSignal::new(String::new());
    let order = RwSignal::new(String::new());
    Effect::new(move || {
        let current = choices.get();
        industry.set(current.industry);
        region.set(current.region);
        year.set(current.year);
        order.set(current.order);
    });
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let next = Choices {
            industry: industry.get_untracked(),
            region: region.get_untracked(),
            year: year.get_untracked(),
            order: order.get_untracked(),
        };
        navigate(&next.href(), NavigateOptions::default());
    };
    let years = Signal::derive(move || year_choices(today(), &choices.get().year));
    let orders = Signal::derive(move || {
        vec![
            (
                wire(&RankingOrder::Best),
                i18n.tr(Key::PubOrderBest).to_owned(),
            ),
            (
                wire(&RankingOrder::Worst),
                i18n.tr(Key::PubOrderWorst).to_owned(),
            ),
        ]
    });

    view! {
        <form class="search" on:submit=submit>
            <div class="filter-grid">
                <SelectField name="industry" label=Key::PubIndustry value=industry choices=category_choices()/>
                <SelectField name="region" label=Key::PubProvince value=region choices=province_choices()/>
                <SelectField name="year" label=Key::PubPeriod value=year choices=years any=Key::PubLast12Months/>
                <SelectField name="order" label=Key::PubOrder value=order choices=orders any=Key::PubOrderBest/>
            </div>
            <div class="actions">
                <button type="submit" class="primary">{move || i18n.tr(Key::PubShow)}</button>
            </div>
        </form>
    }
}

#[component]
fn RankingResults(query: RankingQuery) -> impl IntoView {
    let first = {
        let query = query.clone();
        LocalResource::new(move || {
            let query = query.clone();
            async move { public::rankings(&query).await }
        })
    };

    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || {
                let query = query.clone();
                Suspend::new(async move {
                    match first.await {
                        Ok(ranking) => view! { <RankingTable ranking query/> }.into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn RankingTable(ranking: Ranking, query: RankingQuery) -> impl IntoView {
    let i18n = I18n::expect();
    let Ranking {
        period_from,
        period_to,
        index_min_cases,
        items,
        next_cursor,
    } = ranking;
    let paged = Paged::new(items, next_cursor);
    let more = paged.more(move |cursor| {
        let query = RankingQuery {
            cursor: Some(cursor),
            ..query.clone()
        };
        async move {
            let page = public::rankings(&query).await?;
            Ok((page.items, page.next_cursor))
        }
    });
    let rows = paged.items;
    let period = move || {
        i18n.tr(Key::PubRankingPeriod)
            .replace("{from}", &period_from.to_string())
            .replace("{to}", &period_to.to_string())
            .replace("{count}", &index_min_cases.to_string())
    };

    view! {
        <p class="summary">{period}</p>
        <Show when=move || rows.with(|rows| !rows.is_empty()) fallback=|| view! { <Empty text=Key::PubNoRanking/> }>
            <div class="table-scroll">
                <table class="data ranking">
                    <thead>
                        <tr>
                            <th scope="col">{move || i18n.tr(Key::PubRank)}</th>
                            <th scope="col">{move || i18n.tr(Key::PubBusiness)}</th>
                            <th scope="col">{move || i18n.tr(Key::PubIndex)}</th>
                            <th scope="col">{move || i18n.tr(Key::PubReceived)}</th>
                            <th scope="col">{move || i18n.tr(Key::PubAnsweredInTime)}</th>
                            <th scope="col">{move || i18n.tr(Key::PubSatisfaction)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || rows.get() key=|row| row.business_id let:row>
                            <RankingRow row/>
                        </For>
                    </tbody>
                </table>
            </div>
        </Show>
        {paged.footer(more)}
    }
}

#[component]
fn RankingRow(row: RankedBusiness) -> impl IntoView {
    let i18n = I18n::expect();
    let RankedBusiness {
        rank,
        business_id,
        name,
        region_code,
        index,
        received,
        rates,
    } = row;
    let region = move || region_label(&region_code, i18n.language());
    let in_time = rates
        .answered_in_time
        .value
        .map_or_else(|| "—".to_owned(), display::percent);
    let satisfaction = rates
        .satisfaction
        .average
        .map_or_else(|| "—".to_owned(), |average| format!("{average:.2}"));

    view! {
        <tr>
            <td>{rank}</td>
            <th scope="row">
                <a href=format!("/businesses/{business_id}")>{name}</a>
                <span class="muted block">{region}</span>
            </th>
            <td><strong>{format!("{index:.1}")}</strong></td>
            <td>{display::count(received)}</td>
            <td>{in_time}</td>
            <td>{satisfaction}</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn a_past_year_is_ranked_whole() {
        assert_eq!(
            year_range("2025", day(2026, 12, 5)),
            (day(2025, 1, 1), day(2025, 12, 31))
        );
    }

    #[test]
    fn the_current_year_ends_today() {
        assert_eq!(
            year_range("2026", day(2026, 12, 5)),
            (day(2026, 1, 1), day(2026, 12, 5))
        );
    }

    #[test]
    fn no_year_leaves_the_period_to_the_server() {
        assert_eq!(year_range("", day(2026, 12, 5)), (None, None));
        assert_eq!(year_range("last", None), (None, None));
    }

    #[test]
    fn an_older_year_from_the_url_is_offered_too() {
        let years: Vec<String> = year_choices(day(2026, 12, 5), "2019")
            .into_iter()
            .map(|(value, _)| value)
            .collect();

        assert_eq!(years, ["2026", "2025", "2024", "2019"]);
        assert_eq!(year_choices(day(2026, 12, 5), "2025").len(), 3);
    }

    #[test]
    fn the_choices_make_a_url_and_a_query() {
        let choices = Choices {
            industry: "goods.appliances".into(),
            region: "440000".into(),
            year: String::new(),
            order: "worst".into(),
        };

        let query = choices.query(day(2026, 12, 5));

        assert_eq!(
            choices.href(),
            "/rankings?industry=goods.appliances&region=440000&order=worst"
        );
        assert_eq!(query.order, Some(RankingOrder::Worst));
        assert_eq!(query.industry.as_deref(), Some("goods.appliances"));
        assert_eq!(query.period_from, None);
    }
}
