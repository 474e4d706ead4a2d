//! Horizontal bar charts drawn as inline SVG, for the staff dashboard.

use leptos::prelude::*;

use crate::i18n::I18n;
use crate::i18n::Key;

/// The chart's drawing width for the longest bar, in SVG units.
const BAR_SPACE: u32 = 200;

/// Each value's bar length, the largest filling `space`; a non-zero value
/// always gets at least one unit so it stays visible.
pub fn bar_lengths(values: &[u64], space: u32) -> Vec<u32> {
    let largest = values.iter().copied().max().unwrap_or(0);
    values
        .iter()
        .map(|&value| {
            if largest == 0 || value == 0 {
                return 0;
            }
            let length = value * u64::from(space) / largest;
            u32::try_from(length).unwrap_or(space).max(1)
        })
        .collect()
}

/// A labelled bar per `(label, value)`; `title` names the chart for screen
/// readers, and each bar carries its number as text.
#[component]
pub fn Bars(title: Key, rows: Vec<(Key, u64)>) -> impl IntoView {
    let i18n = I18n::expect();
    let values: Vec<u64> = rows.iter().map(|(_, value)| *value).collect();
    let lengths = bar_lengths(&values, BAR_SPACE);
    let height = 28 * rows.len() as u32;

    view! {
        <figure class="bars">
            <figcaption>{move || i18n.tr(title)}</figcaption>
            <svg viewBox=format!("0 0 360 {height}") role="img" aria-label=move || i18n.tr(title)>
                {rows.into_iter().zip(lengths).enumerate().map(|(index, ((label, value), length))| {
                    let y = 28 * index as u32;
                    view! {
                        <text x="0" y=y + 18 class="bar-label">{move || i18n.tr(label)}</text>
                        <rect x="120" y=y + 6 width=length height="16" class="bar"/>
                        <text x=124 + length y=y + 18 class="bar-value">{value}</text>
                    }
                }).collect_view()}
            </svg>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_largest_value_fills_the_space() {
        assert_eq!(bar_lengths(&[10, 5, 0], 200), vec![200, 100, 0]);
    }

    #[test]
    fn a_small_value_stays_visible() {
        assert_eq!(bar_lengths(&[1000, 1], 200), vec![200, 1]);
    }

    #[test]
    fn all_zero_draws_no_bars() {
        assert_eq!(bar_lengths(&[0, 0], 200), vec![0, 0]);
        assert!(bar_lengths(&[], 200).is_empty());
    }
}
