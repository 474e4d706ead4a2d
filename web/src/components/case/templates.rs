//! Reply templates: filling a template's placeholders from the case, and
//! putting the result into the reply being written.

/// What a template's placeholders are filled with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TemplateContext {
    /// `{number}`: the complaint number.
    pub number: String,
    /// `{consumer}`: the consumer's name.
    pub consumer: String,
    /// `{business}`: the business's name.
    pub business: String,
}

/// The template `body` with `{number}`, `{consumer}` and `{business}`
/// replaced; other braces are left as written.
pub fn fill(body: &str, context: &TemplateContext) -> String {
    body.replace("{number}", &context.number)
        .replace("{consumer}", &context.consumer)
        .replace("{business}", &context.business)
}

/// The reply after inserting `text`: it replaces an empty draft and follows
/// a written one after a blank line, so nothing typed is lost.
pub fn insert(draft: &str, text: &str) -> String {
    let kept = draft.trim_end();
    if kept.is_empty() {
        text.to_owned()
    } else {
        format!("{kept}\n\n{text}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> TemplateContext {
        TemplateContext {
            number: "20261204-000042-7".into(),
            consumer: "王女士".into(),
            business: "示例商城".into(),
        }
    }

    #[test]
    fn placeholders_are_filled_from_the_case() {
        let body = "{consumer}您好，关于投诉 {number}，{business}将于三日内退款。";

        let text = fill(body, &context());

        assert_eq!(
            text,
            "王女士您好，关于投诉 20261204-000042-7，示例商城将于三日内退款。"
        );
    }

    #[test]
    fn unknown_placeholders_stay_as_written() {
        assert_eq!(fill("{amount} yuan", &context()), "{amount} yuan");
    }

    #[test]
    fn a_template_replaces_an_empty_draft() {
        assert_eq!(insert("  \n", "Hello"), "Hello");
    }

    #[test]
    fn a_template_follows_what_was_already_typed() {
        assert_eq!(
            insert("Dear customer,\n", "We will refund."),
            "Dear customer,\n\nWe will refund."
        );
    }
}
