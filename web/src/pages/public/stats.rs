//! `/stats`: statistics over published complaints: the trend by month, the
//! counts by category, nature, outcome and province (a map of China), money
//! recovered, handling times, and the open data to download.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::client::encode;
use shared::complaints::Outcome;
use shared::open_data::{OpenDataField, OpenDataIndex};
use shared::publication::FacetCount;
use shared::stats::{PublicStats, PublicStatsQuery, StageDuration};

use super::display;
use super::labels;
use super::names::{localised, use_names};
use super::search_query::parse;
use super::widgets::{DateField, Empty, Loading, SelectField, category_choices, province_choices};
use crate::api::public;
use crate::components::bar_chart::{Bar, BarList, ColumnChart};
use crate::components::error_notice::ErrorNotice;
use crate::components::province_map::ProvinceMap;
use crate::i18n::{I18n, Key};

/// The filters of the page as URL parameters, named as the API names them.
const PARAMS: [&str; 4] = ["from", "to", "region_code", "category_code"];

/// The statistics for the filters in the URL.
#[component]
pub fn StatsPage() -> impl IntoView {
    let i18n = I18n::expect();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|params| stats_query(|name| params.get(name))));

    view! {
        <section class="public wide">
            <h1>{move || i18n.tr(Key::PubStatsTitle)}</h1>
            <p><a href="/performance">{move || i18n.tr(Key::PerformanceTitle)}</a></p>
            <StatsForm query/>
            {move || view! { <StatsView query=query.get()/> }}
            <OpenData/>
        </section>
    }
}

/// The statistics query a set of URL parameters describes.
fn stats_query(get: impl Fn(&str) -> Option<String>) -> PublicStatsQuery {
    let text = |name: &str| {
        get(name)
            .map(|it| it.trim().to_owned())
            .filter(|it| !it.is_empty())
    };
    PublicStatsQuery {
        from: text("from").and_then(|it| parse(&it)),
        to: text("to").and_then(|it| parse(&it)),
        region_code: text("region_code"),
        category_code: text("category_code"),
    }
}

/// `/stats?…` for `query`.
fn stats_href(query: &PublicStatsQuery) -> String {
    let values = [
        query.from.map(|day| day.to_string()),
        query.to.map(|day| day.to_string()),
        query.region_code.clone(),
        query.category_code.clone(),
    ];
    let pairs: Vec<String> = PARAMS
        .iter()
        .zip(values)
        .filter_map(|(name, value)| Some(format!("{name}={}", encode(&value?))))
        .collect();
    if pairs.is_empty() {
        "/stats".to_owned()
    } else {
        format!("/stats?{}", pairs.join("&"))
    }
}

#[component]
fn StatsForm(query: Memo<PublicStatsQuery>) -> impl IntoView {
    let i18n = I18n::expect();
    let navigate = use_navigate();
    let fields = PARAMS.map(|_| RwSignal::new(String::new()));
    Effect::new(move || {
        let current = query.get();
        let values = [
            current.from.map(|day| day.to_string()),
            current.to.map(|day| day.to_string()),
            current.region_code,
            current.category_code,
        ];
        for (field, value) in fields.iter().zip(values) {
            field.set(value.unwrap_or_default());
        }
    });
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let next = stats_query(|name| {
            let index = PARAMS.iter().position(|candidate| *candidate == name)?;
            Some(fields[index].get_untracked())
        });
        navigate(&stats_href(&next), NavigateOptions::default());
    };

    view! {
        <form class="search" on:submit=submit>
            <div class="filter-grid">
                <DateField name="from" label=Key::PubFiledFrom value=fields[0]/>
                <DateField name="to" label=Key::PubFiledTo value=fields[1]/>
                <SelectField name="region_code" label=Key::PubProvince value=fields[2] choices=province_choices()/>
                <SelectField name="category_code" label=Key::PubCategory value=fields[3] choices=category_choices()/>
            </div>
            <div class="actions">
                <button type="submit" class="primary">{move || i18n.tr(Key::PubShow)}</button>
            </div>
        </form>
    }
}

#[component]
fn StatsView(query: PublicStatsQuery) -> impl IntoView {
    let stats = LocalResource::new(move || {
        let query = query.clone();
        async move { public::stats(&query).await }
    });

    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match stats.await {
                    Ok(stats) => view! { <Figures stats/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `12` for `2026-12`: the month alone, the caption giving the years.
pub(crate) fn month_label(month: &str) -> String {
    month
        .rsplit_once('-')
        .and_then(|(_, number)| number.parse::<u32>().ok())
        .map_or_else(|| month.to_owned(), |number| number.to_string())
}

#[component]
fn Figures(stats: PublicStats) -> impl IntoView {
    let (i18n, names) = (I18n::expect(), use_names());
    let PublicStats {
        from,
        to,
        total,
        by_month,
        by_category,
        by_nature,
        by_province,
        by_outcome,
        money_recovered,
        handling_times,
        ..
    } = stats;
    if total == 0 {
        return view! { <Empty text=Key::PubNoStats/> }.into_any();
    }
    let months = by_month
        .iter()
        .map(|FacetCount { value, count }| Bar {
            label: month_label(value),
            value: *count,
        })
        .collect::<Vec<_>>();
    let categories = Signal::derive(move || {
        let (language, names) = (i18n.language(), names.get());
        bars(&by_category, |code| names.category(code, language))
    });
    let natures = Signal::derive(move || {
        let (language, names) = (i18n.language(), names.get());
        bars(&by_nature, |code| names.nature(code, language))
    });
    let outcomes = Signal::derive(move || {
        bars(&by_outcome, |value| {
            let key = parse::<Outcome>(value).map_or(Key::PubOutcomeOpen, labels::outcome);
            i18n.tr(key).to_owned()
        })
    });
    let provinces: Vec<(String, u64)> = by_province
        .into_iter()
        .map(|FacetCount { value, count }| (value, count))
        .collect();
    let period = move || {
        i18n.tr(Key::PubStatsPeriod)
            .replace("{from}", &from.to_string())
            .replace("{to}", &to.to_string())
    };
    let tr = move |key: Key| Signal::derive(move || i18n.tr(key).to_owned());

    view! {
        <p class="summary">{period}</p>
        <div class="figures">
            <Figure label=Key::PubPublishedCount value=display::count(total)/>
            <Figure label=Key::PubMoneyRecovered value=display::yuan(money_recovered.amount_fen)/>
            <Figure label=Key::PubCasesWithMoney value=display::count(money_recovered.cases)/>
        </div>
        <div class="charts">
            <ColumnChart caption=tr(Key::PubByMonth) bars=months label_header=tr(Key::PubMonth) value_header=tr(Key::PubCount)/>
            <BarList caption=tr(Key::PubByCategory) bars=categories label_header=tr(Key::PubCategory) value_header=tr(Key::PubCount)/>
            <BarList caption=tr(Key::PubByNature) bars=natures label_header=tr(Key::PubNature) value_header=tr(Key::PubCount)/>
            <BarList caption=tr(Key::PubByOutcome) bars=outcomes label_header=tr(Key::PubOutcome) value_header=tr(Key::PubCount)/>
            <ProvinceMap
                caption=tr(Key::PubByProvince)
                counts=provinces
                language=Signal::derive(move || i18n.language())
                label_header=tr(Key::PubProvince)
                value_header=tr(Key::PubCount)
            />
        </div>
        <HandlingTimes times=handling_times/>
    }
    .into_any()
}

/// Counts as bars, named by `name`.
pub(super) fn bars(counts: &[FacetCount], name: impl Fn(&str) -> String) -> Vec<Bar> {
    counts
        .iter()
        .map(|FacetCount { value, count }| Bar {
            label: name(value),
            value: *count,
        })
        .collect()
}

/// One headline figure.
#[component]
pub(super) fn Figure(label: Key, value: String) -> impl IntoView {
    let i18n = I18n::expect();

    view! {
        <div class="figure">
            <span class="figure-value">{value}</span>
            <span class="figure-label">{move || i18n.tr(label)}</span>
        </div>
    }
}

/// How long each stage of handling took on average, in days.
#[component]
fn HandlingTimes(times: Vec<StageDuration>) -> impl IntoView {
    let i18n = I18n::expect();
    let rows = times
        .into_iter()
        .map(
            |StageDuration {
                 stage,
                 average_hours,
                 cases,
             }| {
                let average = move || {
                    average_hours.map_or_else(
                        || "—".to_owned(),
                        |hours| {
                            i18n.tr(Key::PubDays)
                                .replace("{days}", &display::days(hours))
                        },
                    )
                };
                view! {
                    <tr>
                        <th scope="row">{move || i18n.tr(labels::handling_stage(stage))}</th>
                        <td>{average}</td>
                        <td>{display::count(cases)}</td>
                    </tr>
                }
            },
        )
        .collect_view();

    view! {
        <h2>{move || i18n.tr(Key::PubHandlingTimes)}</h2>
        <div class="table-scroll">
            <table class="data">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.tr(Key::PubStage)}</th>
                        <th scope="col">{move || i18n.tr(Key::PubAverage)}</th>
                        <th scope="col">{move || i18n.tr(Key::PubCount)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// The open data files, their terms and fields.
#[component]
fn OpenData() -> impl IntoView {
    let i18n = I18n::expect();
    let index = LocalResource::new(public::open_data);

    view! {
        <section class="open-data" aria-labelledby="open-data-title">
            <h2 id="open-data-title">{move || i18n.tr(Key::PubOpenData)}</h2>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match index.await {
                        Ok(index) => view! { <OpenDataView index/> }.into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn OpenDataView(index: OpenDataIndex) -> impl IntoView {
    let i18n = I18n::expect();
    let OpenDataIndex {
        snapshot_at,
        records,
        terms,
        downloads,
        fields,
    } = index;
    let about = move || {
        i18n.tr(Key::PubOpenDataAbout)
            .replace("{count}", &display::count(records))
            .replace("{at}", &display::day_and_time(snapshot_at))
    };
    let terms = move || localised(&terms.zh, &terms.en, i18n.language());
    let links = downloads
        .into_iter()
        .map(|download| {
            let format = download.format.to_uppercase();
            view! {
                <li><a href=download.url download>{move || i18n.tr(Key::PubDownload).replace("{format}", &format)}</a></li>
            }
        })
        .collect_view();

    view! {
        <p>{about}</p>
        <ul class="downloads">{links}</ul>
        <p class="muted">{terms}</p>
        <details>
            <summary>{move || i18n.tr(Key::PubOpenDataFields)}</summary>
            <div class="table-scroll">
                <table class="data">
                    <thead>
                        <tr>
                            <th scope="col">{move || i18n.tr(Key::PubFieldName)}</th>
                            <th scope="col">{move || i18n.tr(Key::PubFieldMeaning)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {fields.into_iter().map(|field| view! { <FieldRow field/> }).collect_view()}
                    </tbody>
                </table>
            </div>
        </details>
    }
}

#[component]
fn FieldRow(field: OpenDataField) -> impl IntoView {
    let i18n = I18n::expect();
    let OpenDataField {
        name,
        description_zh,
        description_en,
        ..
    } = field;

    view! {
        <tr>
            <th scope="row"><code>{name}</code></th>
            <td>{move || localised(&description_zh, &description_en, i18n.language())}</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_labelled_by_their_number() {
        assert_eq!(month_label("2026-01"), "1");
        assert_eq!(month_label("2026-12"), "12");
        assert_eq!(month_label("odd"), "odd");
    }

    #[test]
    fn the_stats_filters_round_trip_through_the_url() {
        let query = PublicStatsQuery {
            from: chrono::NaiveDate::from_ymd_opt(2026, 1, 1),
            to: None,
            region_code: Some("440000".into()),
            category_code: Some("goods.appliances".into()),
        };

        let url = stats_href(&query);
        let pairs: Vec<(String, String)> = url
            .split_once('?')
            .unwrap()
            .1
            .split('&')
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap();
                (name.to_owned(), value.to_owned())
            })
            .collect();
        let back = stats_query(|name| {
            pairs
                .iter()
                .find(|(candidate, _)| candidate == name)
                .map(|(_, value)| value.clone())
        });

        assert_eq!(
            url,
            "/stats?from=2026-01-01&region_code=440000&category_code=goods.appliances"
        );
        assert_eq!(back, query);
    }
}
