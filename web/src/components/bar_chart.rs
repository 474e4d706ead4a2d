//! Bar charts drawn as inline SVG, each with a table of the same figures for
//! screen readers.

use leptos::prelude::*;

/// One bar: what it counts and how many.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// Shown under or beside the bar.
    pub label: String,
    pub value: u64,
}

/// The top of the value axis: `max` rounded up to 1, 2 or 5 times a power of ten.
pub fn nice_ceiling(max: u64) -> u64 {
    let mut step = 1u64;
    loop {
        for factor in [1, 2, 5] {
            let ceiling = step.saturating_mul(factor);
            if ceiling >= max || ceiling == u64::MAX {
                return ceiling;
            }
        }
        step = step.saturating_mul(10);
    }
}

/// Each value's length on an axis `full` units long whose top is the nice
/// ceiling of the largest value.
pub fn lengths(values: &[u64], full: f64) -> Vec<f64> {
    let top = nice_ceiling(values.iter().copied().max().unwrap_or(0)) as f64;
    values
        .iter()
        .map(|value| *value as f64 / top * full)
        .collect()
}

const COLUMN_WIDTH: f64 = 320.0;
const COLUMN_HEIGHT: f64 = 160.0;
const AXIS_ROOM: f64 = 36.0;
const LABEL_ROOM: f64 = 18.0;

/// Vertical bars side by side, for a series such as counts by month.
#[component]
pub fn ColumnChart(
    /// Names the chart; also its accessible name.
    #[prop(into)]
    caption: Signal<String>,
    /// The bars, left to right.
    #[prop(into)]
    bars: Signal<Vec<Bar>>,
    /// The header of the table's first column.
    #[prop(into)]
    label_header: Signal<String>,
    /// The header of the table's count column.
    #[prop(into)]
    value_header: Signal<String>,
) -> impl IntoView {
    let caption_id = unique_id("column-chart");
    let columns = move || {
        let bars = bars.get();
        let values: Vec<u64> = bars.iter().map(|bar| bar.value).collect();
        let heights = lengths(&values, COLUMN_HEIGHT);
        let slot = (COLUMN_WIDTH - AXIS_ROOM) / bars.len().max(1) as f64;
        bars.into_iter()
            .zip(heights)
            .enumerate()
            .map(|(index, (bar, height))| column(index, slot, bar, height))
            .collect_view()
    };
    let top = move || count_text(nice_ceiling(bars.with(|bars| max_value(bars))));

    view! {
        <figure class="chart">
            <figcaption id=caption_id.clone()>{caption}</figcaption>
            <svg
                role="img"
                aria-labelledby=caption_id
                viewBox=format!("0 0 {COLUMN_WIDTH} {}", COLUMN_HEIGHT + LABEL_ROOM + 4.0)
                preserveAspectRatio="xMidYMid meet"
            >
                <line class="axis" x1=AXIS_ROOM y1="4" x2=AXIS_ROOM y2=COLUMN_HEIGHT + 4.0/>
                <line class="axis" x1=AXIS_ROOM y1=COLUMN_HEIGHT + 4.0 x2=COLUMN_WIDTH y2=COLUMN_HEIGHT + 4.0/>
                <text class="tick" x=AXIS_ROOM - 4.0 y="12" text-anchor="end">{top}</text>
                <text class="tick" x=AXIS_ROOM - 4.0 y=COLUMN_HEIGHT + 4.0 text-anchor="end">"0"</text>
                {columns}
            </svg>
            <FigureTable bars label_header value_header/>
        </figure>
    }
}

/// One column and its label, in the slot at `index`.
fn column(index: usize, slot: f64, bar: Bar, height: f64) -> impl IntoView {
    let x = AXIS_ROOM + index as f64 * slot + slot * 0.15;
    let width = slot * 0.7;
    let y = COLUMN_HEIGHT + 4.0 - height;
    let title = format!("{}: {}", bar.label, count_text(bar.value));

    view! {
        <g>
            <title>{title}</title>
            <rect class="bar" x=x y=y width=width height=height/>
            <text class="tick" x=x + width / 2.0 y=COLUMN_HEIGHT + LABEL_ROOM text-anchor="middle">
                {bar.label}
            </text>
        </g>
    }
}

const ROW_HEIGHT: f64 = 26.0;
const LIST_LABEL_ROOM: f64 = 120.0;
const LIST_VALUE_ROOM: f64 = 56.0;

/// Horizontal bars under each other, for counts by category or nature.
#[component]
pub fn BarList(
    /// Names the chart; also its accessible name.
    #[prop(into)]
    caption: Signal<String>,
    /// The bars, top to bottom.
    #[prop(into)]
    bars: Signal<Vec<Bar>>,
    /// The header of the table's first column.
    #[prop(into)]
    label_header: Signal<String>,
    /// The header of the table's count column.
    #[prop(into)]
    value_header: Signal<String>,
) -> impl IntoView {
    let caption_id = unique_id("bar-list");
    let full = COLUMN_WIDTH - LIST_LABEL_ROOM - LIST_VALUE_ROOM;
    let rows = move || {
        let bars = bars.get();
        let values: Vec<u64> = bars.iter().map(|bar| bar.value).collect();
        let widths = lengths(&values, full);
        bars.into_iter()
            .zip(widths)
            .enumerate()
            .map(|(index, (bar, width))| row(index, bar, width))
            .collect_view()
    };
    let height = move || bars.with(Vec::len).max(1) as f64 * ROW_HEIGHT;

    view! {
        <figure class="chart">
            <figcaption id=caption_id.clone()>{caption}</figcaption>
            <svg
                role="img"
                aria-labelledby=caption_id
                viewBox=move || format!("0 0 {COLUMN_WIDTH} {}", height())
                preserveAspectRatio="xMidYMin meet"
            >
                {rows}
            </svg>
            <FigureTable bars label_header value_header/>
        </figure>
    }
}

/// One labelled bar with its count, on row `index`.
fn row(index: usize, bar: Bar, width: f64) -> impl IntoView {
    let y = index as f64 * ROW_HEIGHT;
    let label = shortened(&bar.label, 9);
    let title = format!("{}: {}", bar.label, count_text(bar.value));

    view! {
        <g>
            <title>{title}</title>
            <text class="tick" x=LIST_LABEL_ROOM - 6.0 y=y + 17.0 text-anchor="end">{label}</text>
            <rect class="bar" x=LIST_LABEL_ROOM y=y + 5.0 width=width height=ROW_HEIGHT - 10.0/>
            <text class="tick" x=LIST_LABEL_ROOM + width + 4.0 y=y + 17.0>{count_text(bar.value)}</text>
        </g>
    }
}

/// The chart's figures as a table, read by screen readers instead of the drawing.
#[component]
fn FigureTable(
    bars: Signal<Vec<Bar>>,
    label_header: Signal<String>,
    value_header: Signal<String>,
) -> impl IntoView {
    let rows = move || {
        bars.get()
            .into_iter()
            .map(|bar| view! { <tr><th scope="row">{bar.label}</th><td>{count_text(bar.value)}</td></tr> })
            .collect_view()
    };

    view! {
        <table class="visually-hidden">
            <thead><tr><th scope="col">{label_header}</th><th scope="col">{value_header}</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

fn max_value(bars: &[Bar]) -> u64 {
    bars.iter().map(|bar| bar.value).max().unwrap_or(0)
}

fn count_text(value: u64) -> String {
    value.to_string()
}

/// At most `limit` characters of `text`, with an ellipsis when cut.
pub fn shortened(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(limit.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// An element id no other chart on the page uses.
pub fn unique_id(prefix: &str) -> String {
    thread_local! {
        static NEXT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    }
    let number = NEXT.with(|next| {
        let number = next.get();
        next.set(number + 1);
        number
    });
    format!("{prefix}-{number}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_top_is_a_round_number_at_least_the_largest_value() {
        let cases = [
            (0, 1),
            (1, 1),
            (3, 5),
            (7, 10),
            (11, 20),
            (200, 200),
            (201, 500),
            (4_999, 5_000),
        ];

        for (max, expected) in cases {
            assert_eq!(nice_ceiling(max), expected, "max {max}");
        }
    }

    #[test]
    fn bars_scale_against_the_axis_top() {
        let heights = lengths(&[0, 40, 80], 160.0);

        assert_eq!(heights, vec![0.0, 64.0, 128.0]);
    }

    #[test]
    fn no_bar_outgrows_the_axis() {
        let values = [1, 99, 101, 12_345, 7];

        let heights = lengths(&values, 100.0);

        assert!(
            heights.iter().all(|height| (0.0..=100.0).contains(height)),
            "{heights:?}"
        );
        assert!(
            heights[3] > 50.0,
            "the largest bar fills more than half: {heights:?}"
        );
    }

    #[test]
    fn an_empty_series_has_no_bars() {
        assert!(lengths(&[], 100.0).is_empty());
    }

    #[test]
    fn long_labels_are_cut_with_an_ellipsis() {
        assert_eq!(shortened("家用电子电器类", 9), "家用电子电器类");
        assert_eq!(shortened("Household appliances", 9), "Househol…");
    }
}
