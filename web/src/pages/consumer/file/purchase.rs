//! Step 2: what was bought, how, and what kind of problem it is.

use leptos::prelude::*;
use shared::cases::Channel;
use shared::taxonomy::{Category, Nature};

use super::super::inputs::{Choice, ChoiceField};
use super::super::labels;
use super::{Form, StepButtons};
use crate::api::taxonomy;
use crate::components::field::Field;
use crate::i18n::{I18n, Key, Language};

#[component]
pub fn PurchaseStep(form: Form) -> impl IntoView {
    let i18n = I18n::expect();
    let categories =
        LocalResource::new(|| async { taxonomy::categories().await.unwrap_or_default() });
    let natures = LocalResource::new(|| async { taxonomy::natures().await.unwrap_or_default() });
    let major = RwSignal::new(major_of(&form.draft.get_untracked().category_code));
    let item = RwSignal::new(form.draft.get_untracked().category_code);
    let nature = form.text(|draft| &mut draft.nature_code);
    let channel = form.text(|draft| &mut draft.channel);
    let platform = form.text(|draft| &mut draft.channel_platform);
    let date = form.text(|draft| &mut draft.purchase_date);
    let amount = form.text(|draft| &mut draft.amount);
    let order = form.text(|draft| &mut draft.order_number);

    // The code sent is the specific item when one is chosen, else the major category.
    Effect::new(move || {
        let (major, item) = (major.get(), item.get());
        let code = if item.starts_with(&format!("{major}.")) {
            item
        } else {
            major
        };
        form.draft.maybe_update(|draft| {
            let changed = draft.category_code != code;
            draft.category_code = code;
            changed
        });
    });
    let majors = Signal::derive(move || {
        let all = categories.get().unwrap_or_default();
        majors(&all, i18n.language())
    });
    let items = Signal::derive(move || {
        let all = categories.get().unwrap_or_default();
        children(&all, &major.get(), i18n.language())
    });
    let nature_choices = Signal::derive(move || {
        let language = i18n.language();
        natures
            .get()
            .unwrap_or_default()
            .into_iter()
            .map(
                |Nature {
                     code,
                     name_zh,
                     name_en,
                 }| (code, pick(language, name_zh, name_en)),
            )
            .collect::<Vec<Choice>>()
    });
    let channel_choices = Signal::derive(move || {
        labels::CHANNELS
            .iter()
            .map(|channel| {
                (
                    channel.as_str().to_owned(),
                    i18n.tr(labels::channel(*channel)).to_owned(),
                )
            })
            .collect::<Vec<Choice>>()
    });
    let online = move || channel.get() == Channel::OnlinePlatform.as_str();

    view! {
        <p class="hint">{move || i18n.tr(Key::FilePurchaseHint)}</p>
        <ChoiceField name="category_code" label=Key::FileCategory value=major choices=majors
            error=form.error("category_code") hint=Key::FileCategoryHint/>
        <Show when=move || !items.get().is_empty()>
            <ChoiceField name="category-item" label=Key::FileCategoryItem value=item
                choices=items error=Signal::derive(|| None::<String>)/>
        </Show>
        <ChoiceField name="nature_code" label=Key::FileNature value=nature
            choices=nature_choices error=form.error("nature_code")/>
        <ChoiceField name="channel" label=Key::FileChannel value=channel
            choices=channel_choices error=form.error("channel")/>
        <Show when=online>
            <Field name="channel_platform" label=Key::FilePlatform value=platform
                error=form.error("channel_platform") placeholder=Key::FilePlatformHint/>
        </Show>
        <Field name="purchase_date" label=Key::FilePurchaseDate value=date
            error=form.error("purchase_date") kind="date"/>
        <Field name="amount_fen" label=Key::FileAmount value=amount
            error=form.error("amount_fen") placeholder=Key::FileAmountHint autocomplete="off"/>
        <Field name="order_number" label=Key::FileOrderNumber value=order
            error=form.error("order_number") autocomplete="off"/>
        <StepButtons form/>
    }
}

/// The name in the UI language.
pub(super) fn pick(language: Language, zh: String, en: String) -> String {
    match language {
        Language::ZhCn => zh,
        Language::En => en,
    }
}

/// The major category of a code: its first two segments (`goods.food`), or
/// the code itself when it has fewer.
fn major_of(code: &str) -> String {
    code.splitn(3, '.').take(2).collect::<Vec<_>>().join(".")
}

/// The major categories, with the kind before each name (`Goods · Food`).
fn majors(all: &[Category], language: Language) -> Vec<Choice> {
    let kind_name = |kind: &str| {
        all.iter()
            .find(|category| category.code == kind)
            .map(|category| pick(language, category.name_zh.clone(), category.name_en.clone()))
            .unwrap_or_default()
    };
    let childless_root = |category: &&Category| {
        category.parent_code.is_none()
            && !all
                .iter()
                .any(|c| c.parent_code.as_deref() == Some(&category.code))
    };
    // Second-level categories first; a root without children ("other") last.
    all.iter()
        .filter(|category| category.code.matches('.').count() == 1)
        .chain(all.iter().filter(childless_root))
        .map(|category| {
            let name = pick(language, category.name_zh.clone(), category.name_en.clone());
            let label = match category.parent_code.as_deref() {
                Some(kind) => format!("{} · {name}", kind_name(kind)),
                None => name,
            };
            (category.code.clone(), label)
        })
        .collect()
}

/// The specific items under `major`.
fn children(all: &[Category], major: &str, language: Language) -> Vec<Choice> {
    if major.is_empty() {
        return Vec::new();
    }
    all.iter()
        .filter(|category| category.parent_code.as_deref() == Some(major))
        .map(|category| {
            let name = pick(language, category.name_zh.clone(), category.name_en.clone());
            (category.code.clone(), name)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn category(code: &str, parent: Option<&str>) -> Category {
        Category {
            code: code.to_owned(),
            parent_code: parent.map(str::to_owned),
            kind: code.split('.').next().unwrap_or_default().to_owned(),
            name_zh: format!("{code}-zh"),
            name_en: format!("{code}-en"),
        }
    }

    #[test]
    fn majors_are_second_level_codes_then_childless_roots() {
        let all = [
            category("goods", None),
            category("other", None),
            category("goods.food", Some("goods")),
            category("goods.food.milk", Some("goods.food")),
        ];

        let codes: Vec<String> = majors(&all, Language::En)
            .into_iter()
            .map(|(c, _)| c)
            .collect();

        assert_eq!(codes, ["goods.food", "other"]);
        assert_eq!(major_of("goods.food.milk"), "goods.food");
        assert_eq!(
            children(&all, "goods.food", Language::En)[0].0,
            "goods.food.milk"
        );
    }
}
